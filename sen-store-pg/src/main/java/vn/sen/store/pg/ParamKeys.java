package vn.sen.store.pg;

import org.jspecify.annotations.Nullable;

/**
 * Derived index keys: the {@code :text} of a token parameter is stored as a string under a key
 * derived from the parameter's own, and so is the {@code :of-type} combination of an identifier.
 */
final class ParamKeys {
  private static final int TEXT_SALT = 0x54455854;
  private static final int OF_TYPE_SALT = 0x4f465459;

  private ParamKeys() {}

  static int text(int param) {
    return Integer.rotateLeft(param, 7) ^ TEXT_SALT;
  }

  static int ofType(int param) {
    return Integer.rotateLeft(param, 13) ^ OF_TYPE_SALT;
  }

  static String ofTypeValue(@Nullable String typeSystem, @Nullable String typeCode, @Nullable String value) {
    return (typeSystem == null ? "" : typeSystem) + "|" + (typeCode == null ? "" : typeCode) + "|"
        + (value == null ? "" : value);
  }
}
