package org.tfps.ivr;

/** A prompt file that cannot be used: which prompt, where it was looked for, and why. */
public final class PromptException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a prompt was refused. */
  public enum Reason {
    MISSING("no such prompt"),
    EMPTY("empty file"),
    TOO_LARGE("larger than " + Prompts.MAX_PROMPT_BYTES + " bytes"),
    UNREADABLE("cannot be read"),
    BAD_NAME("name is not [a-z0-9-]+"),
    TOO_MANY_FILES("more than " + Prompts.MAX_PROMPT_FILES + " prompt files");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  private final Reason reason;
  private final String prompt;

  public PromptException(Reason reason, String prompt, String where) {
    super("prompt " + prompt + " (" + where + "): " + reason.text());
    this.reason = reason;
    this.prompt = prompt;
  }

  public Reason reason() {
    return reason;
  }

  /** The prompt's name. */
  public String prompt() {
    return prompt;
  }
}
