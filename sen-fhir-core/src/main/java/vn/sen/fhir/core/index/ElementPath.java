package vn.sen.fhir.core.index;

import org.jspecify.annotations.Nullable;

/**
 * A FHIRPath location such as {@code Patient.contact[0].relationship}, built as a chain of small
 * objects and turned into text only when an issue needs it: most writes have no issue, and
 * building strings for every element would cost more than the check itself.
 *
 * @param index the repetition index, or -1 for an element that does not repeat
 */
record ElementPath(@Nullable ElementPath parent, String name, int index) {

  static ElementPath root(String resourceType) {
    return new ElementPath(null, resourceType, -1);
  }

  ElementPath child(String childName, int childIndex) {
    return new ElementPath(this, childName, childIndex);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    append(sb);
    return sb.toString();
  }

  private void append(StringBuilder sb) {
    if (parent != null) {
      parent.append(sb);
      sb.append('.');
    }
    sb.append(name);
    if (index >= 0) {
      sb.append('[').append(index).append(']');
    }
  }
}
