package org.tfps.intel;

/**
 * A source answered something other than an answer: an unexpected status, a body that is not the
 * documented JSON. Counted as a failure by the source's circuit breaker; carries no stack trace.
 */
final class SourceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SourceFailure(String message) {
    super(message, null, false, false);
  }
}
