package org.tfps.intel;

/**
 * A source's answer as the text the cluster keeps ({@link SharedAnswers}): small, readable in a
 * heap dump, and the same for every member whatever its version.
 *
 * @param <T> the answer
 */
interface AnswerCodec<T> {

  String encode(T value);

  /** The answer {@code text} holds, or null when it holds none (so it is asked again). */
  T decode(String text);

  /** An abuse score, 0..100, as its decimal digits. */
  AnswerCodec<Integer> SCORE =
      new AnswerCodec<>() {
        @Override
        public String encode(Integer value) {
          return value.toString();
        }

        @Override
        public Integer decode(String text) {
          try {
            int score = Integer.parseInt(text);
            return score >= 0 && score <= 100 ? score : null;
          } catch (NumberFormatException e) {
            return null;
          }
        }
      };

  /** Seen or not seen, as {@code 1} or {@code 0}. */
  AnswerCodec<Boolean> SEEN =
      new AnswerCodec<>() {
        @Override
        public String encode(Boolean value) {
          return value ? "1" : "0";
        }

        @Override
        public Boolean decode(String text) {
          return switch (text) {
            case "1" -> Boolean.TRUE;
            case "0" -> Boolean.FALSE;
            default -> null;
          };
        }
      };
}
