package vn.sen.fhir.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchEscapesTest {

  @Test
  void splitKeepsEscapesUntilTheFinalPartIsUnescaped() {
    assertThat(SearchEscapes.split("a\\,b,c\\|d|e", ',')).containsExactly("a\\,b", "c\\|d|e");
    assertThat(SearchEscapes.split("c\\|d|e", '|')).containsExactly("c\\|d", "e");
    assertThat(SearchEscapes.unescape("c\\|d")).isEqualTo("c|d");
  }

  @Test
  void splitOfEmptyAndSeparatorOnlyValues() {
    assertThat(SearchEscapes.split("", ',')).containsExactly("");
    assertThat(SearchEscapes.split(",", ',')).containsExactly("", "");
    assertThat(SearchEscapes.split("a\\\\,b", ',')).containsExactly("a\\\\", "b");
  }

  @Test
  void unknownEscapesAndTrailingBackslashStayLiteral() {
    assertThat(SearchEscapes.unescape("C:\\temp\\")).isEqualTo("C:\\temp\\");
    assertThat(SearchEscapes.unescape("\\\\\\$\\,")).isEqualTo("\\$,");
  }
}
