package org.tfps.numbers;

/** What kind of number a destination is, after libphonenumber's metadata. */
public enum NumberType {
  FIXED_LINE,
  MOBILE,
  FIXED_LINE_OR_MOBILE,
  TOLL_FREE,
  PREMIUM_RATE,
  SHARED_COST,
  VOIP,
  PERSONAL_NUMBER,
  PAGER,
  UAN,
  VOICEMAIL,
  /** Not a number, or a number libphonenumber cannot place in any type (often invalid). */
  UNKNOWN;

  /** The name used in configuration and evidence: lower case with dashes, e.g. premium-rate. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
