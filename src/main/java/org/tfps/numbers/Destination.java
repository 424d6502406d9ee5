package org.tfps.numbers;

/**
 * A dialled string as TFPS understands it.
 *
 * @param dialed the string as received (user part of the Request-URI)
 * @param e164 the number in E.164 with a leading '+', or empty when it is not a phone number
 * @param country ISO 3166-1 alpha-2 region of the number; "001" for international networks
 *     (satellite, +882/+883); empty when unknown
 * @param prefixUsed what was stripped to reach the number: the outside-line prefix followed by the
 *     international prefix ("9" + "00"), "+" for E.164 input, or empty for national dialling
 * @param type the number's type after libphonenumber's metadata (UNKNOWN when invalid)
 * @param valid true when the number has a valid length and pattern for its region; an invalid
 *     number in a real country code is a strong IRSF signal
 */
public record Destination(
    String dialed, String e164, String country, String prefixUsed, NumberType type, boolean valid) {

  /** A dial string that is not a phone number (a name, an extension, garbage). */
  public static Destination notANumber(String dialed) {
    return new Destination(dialed, "", "", "", NumberType.UNKNOWN, false);
  }

  /** True when the dial string was read as a phone number. */
  public boolean isNumber() {
    return !e164.isEmpty();
  }
}
