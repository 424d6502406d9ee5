package org.tfps.engine;

/**
 * What TFPS knows of the address a call comes from (rule R02).
 *
 * @param listedIn the IP list that names the address (e.g. "apiban", "local deny list"), or empty
 * @param score abuse confidence 0..100 from a reputation service, or -1 when unknown
 * @param scoreSource where the score comes from (e.g. "abuseipdb"), or empty
 */
public record SourceFacts(String listedIn, int score, String scoreSource) {

  /** Nothing known of the address. */
  public static SourceFacts unknown() {
    return new SourceFacts("", -1, "");
  }
}
