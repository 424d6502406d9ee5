package org.tfps.engine;

/** Wording the limit rules share. */
final class Limited {

  private Limited() {}

  /** " in business hours" or " out of business hours". */
  static String hours(AccountFacts a) {
    return a.businessHours() ? " in business hours" : " out of business hours";
  }

  /** A money amount as evidence shows it: two decimals (four under 0.01), then the currency. */
  static String money(double amount, String currency) {
    String digits = amount != 0 && Math.abs(amount) < 0.01 ? "%.4f" : "%.2f";
    return String.format(java.util.Locale.ROOT, digits, amount) + " " + currency;
  }
}
