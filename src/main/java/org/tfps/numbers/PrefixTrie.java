package org.tfps.numbers;

/**
 * Longest-prefix match over decimal digits, in time proportional to the number's length (one array
 * step per digit), whatever the table's size. Built once, then read-only and thread-safe.
 *
 * @param <V> what a prefix maps to
 */
public final class PrefixTrie<V> {

  private static final class Node {
    final Node[] next = new Node[10];
    Object value;
  }

  private final Node root = new Node();
  private int size;

  /** Maps {@code digits} (0-9 only) to {@code value}, replacing an earlier value. */
  public void put(String digits, V value) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("empty prefix");
    }
    Node n = root;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) {
        throw new IllegalArgumentException("not a digit: " + digits.charAt(i));
      }
      if (n.next[d] == null) {
        n.next[d] = new Node();
      }
      n = n.next[d];
    }
    if (n.value == null) {
      size++;
    }
    n.value = value;
  }

  /**
   * The value of the longest prefix of {@code number} (read from {@code from}, stopping at the
   * first non-digit), or null.
   */
  @SuppressWarnings("unchecked")
  public V longestMatch(CharSequence number, int from) {
    Node n = root;
    Object best = null;
    for (int i = from; i < number.length(); i++) {
      int d = number.charAt(i) - '0';
      if (d < 0 || d > 9 || (n = n.next[d]) == null) {
        break;
      }
      if (n.value != null) {
        best = n.value;
      }
    }
    return (V) best;
  }

  /** Number of prefixes stored. */
  public int size() {
    return size;
  }
}
