package org.tfps.intel;

/** Small helpers for the sources' URLs. */
final class Http {

  private Http() {}

  /** {@code url} without its trailing slashes, so paths can be appended. */
  static String base(String url) {
    String b = url;
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return b;
  }
}
