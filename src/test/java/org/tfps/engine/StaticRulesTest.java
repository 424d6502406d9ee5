package org.tfps.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tfps.numbers.DataFileException;
import org.tfps.numbers.DialPlan;
import org.tfps.numbers.NumberNormalizer;
import org.tfps.numbers.NumberType;
import org.tfps.numbers.RangeTable;
import org.tfps.numbers.RateDeck;

/** The static rules on real normalized numbers, with test-only rule data. */
class StaticRulesTest {

  private final NumberNormalizer normalizer = new NumberNormalizer();
  private final DialPlan plan = new DialPlan("US", List.of("011", "00"), "");
  private final Engine engine;

  StaticRulesTest() throws DataFileException {
    RuleDataRef data =
        new RuleDataRef(
            new RuleData(
                Set.of("CU"),
                RangeTable.parse(
                    "test-ranges", List.of("+881,Satellite,deny", "+883,Networks,verify")),
                ScannerAgents.parse("test-agents", List.of("friendly-scanner", "sipcli")),
                RateDeck.empty()));
    engine =
        new Engine(
            List.of(
                new ScannerUserAgentRule(data),
                new BlockedCountryRule(data),
                new RangeRule(data),
                new NumberTypeRule(
                    Map.of(
                        NumberType.PREMIUM_RATE,
                        Action.DENY,
                        NumberType.SHARED_COST,
                        Action.ALLOW)),
                new InvalidNumberRule(Action.VERIFY)));
  }

  private Verdict decide(String dialed, String userAgent) {
    CallAttempt a =
        new CallAttempt("1001@pbx", dialed, "192.0.2.1", userAgent, "c", Instant.EPOCH, -1);
    return engine.evaluate(a, new CallFacts(normalizer.normalize(dialed, plan)));
  }

  /** The verdict with the account's own lists of destinations. */
  private Verdict decide(
      String dialed, String userAgent, List<String> authorized, List<String> blocked) {
    CallAttempt a =
        new CallAttempt("1001@pbx", dialed, "192.0.2.1", userAgent, "c", Instant.EPOCH, -1);
    var d = normalizer.normalize(dialed, plan);
    CallFacts f =
        new CallFacts(
            d,
            "US",
            History.empty(),
            AccountFacts.unknown(),
            SourceFacts.unknown(),
            null,
            DestinationList.of(authorized).match(d),
            DestinationList.of(blocked).match(d),
            "");
    return new Engine(
            List.of(
                new BlockedDestinationRule(),
                new ScannerUserAgentRule(data()),
                new BlockedCountryRule(data()),
                new RangeRule(data())))
        .evaluate(a, f);
  }

  private static RuleDataRef data() {
    try {
      return new RuleDataRef(
          new RuleData(
              Set.of("CU"),
              RangeTable.parse("test-ranges", List.of("+881,Satellite,deny")),
              ScannerAgents.parse("test-agents", List.of("friendly-scanner")),
              RateDeck.empty()));
    } catch (DataFileException e) {
      throw new AssertionError(e);
    }
  }

  @org.junit.jupiter.api.Test
  void anAuthorizedDestinationPassesTheDestinationRulesOnly() {
    assertThat(decide("+5312345678", "PBX", List.of(), List.of()).code()).isEqualTo("R06");
    assertThat(decide("+5312345678", "PBX", List.of("CU"), List.of()).code()).isEqualTo("R00");
    assertThat(decide("+5312345678", "PBX", List.of("+5312"), List.of()).code()).isEqualTo("R00");
    assertThat(decide("+5322345678", "PBX", List.of("+5312"), List.of()).code()).isEqualTo("R06");
    assertThat(decide("+8816123456", "PBX", List.of("+881"), List.of()).code()).isEqualTo("R00");
    // The caller is still judged: a scanner is denied wherever it dials.
    assertThat(decide("+5312345678", "friendly-scanner", List.of("CU"), List.of()).code())
        .isEqualTo("R01");
    // Blocked wins over authorized, and over a destination no rule minds.
    assertThat(decide("+12125550101", "PBX", List.of("US"), List.of("+1212")).code())
        .isEqualTo("R27");
    assertThat(decide("+12125550101", "PBX", List.of(), List.of("US")).code()).isEqualTo("R27");
  }

  private static String example(String region, PhoneNumberType type) {
    PhoneNumberUtil u = PhoneNumberUtil.getInstance();
    return u.format(u.getExampleNumberForType(region, type), PhoneNumberFormat.E164);
  }

  /** An example of {@code type} from the first region (in sorted order) that has one. */
  private static String anyExample(PhoneNumberType type) {
    PhoneNumberUtil u = PhoneNumberUtil.getInstance();
    return u.getSupportedRegions().stream()
        .sorted()
        .map(r -> u.getExampleNumberForType(r, type))
        .filter(java.util.Objects::nonNull)
        .map(n -> u.format(n, PhoneNumberFormat.E164))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void scannerUserAgentDeniesWhateverTheNumber() {
    Verdict v = decide("+442079460123", "friendly-scanner");
    assertThat(v.action()).isEqualTo(Action.DENY);
    assertThat(v.code()).isEqualTo("R01");
    assertThat(v.evidence()).contains("friendly-scanner");
    assertThat(decide("+442079460123", "SIPCLI/v1.8").code()).isEqualTo("R01");
    assertThat(decide("+442079460123", "Asterisk PBX 18").action()).isEqualTo(Action.ALLOW);
  }

  @Test
  void satelliteRangeIsDeniedAndNetworksVerified() {
    Verdict sat = decide("011881639000000", "");
    assertThat(sat.code()).isEqualTo("R20");
    assertThat(sat.action()).isEqualTo(Action.DENY);
    assertThat(sat.evidence()).contains("+881").contains("Satellite");
    Verdict net = decide("+88351000123456", "");
    assertThat(net.code()).isEqualTo("R20");
    assertThat(net.action()).isEqualTo(Action.VERIFY);
  }

  @Test
  void premiumRateDeniedSharedCostOnlyAlerts() {
    String premium = example("GB", PhoneNumberType.PREMIUM_RATE);
    Verdict v = decide(premium, "");
    assertThat(v.code()).isEqualTo("R21");
    assertThat(v.action()).isEqualTo(Action.DENY);
    assertThat(v.evidence()).contains("premium-rate");
    Verdict shared = decide(anyExample(PhoneNumberType.SHARED_COST), "");
    assertThat(shared.action()).isEqualTo(Action.ALLOW);
    assertThat(shared.code()).isEqualTo("R21");
  }

  @Test
  void invalidNumberIsVerified() {
    Verdict v = decide("+4420794601", ""); // a London number two digits short
    assertThat(v.code()).isEqualTo("R22");
    assertThat(v.action()).isEqualTo(Action.VERIFY);
  }

  @Test
  void ordinaryNumbersPassEveryRule() {
    for (String n :
        List.of(
            example("GB", PhoneNumberType.FIXED_LINE),
            example("US", PhoneNumberType.FIXED_LINE),
            example("DE", PhoneNumberType.MOBILE),
            "2015550123")) {
      assertThat(decide(n, "Asterisk PBX 18")).as(n).isEqualTo(Verdict.allow());
    }
  }

  @Test
  void severestFindingDecidesAndEveryFindingIsKept() {
    Verdict v = decide("+5312", "sipcli"); // scanner and an invalid Cuban number
    assertThat(v.code()).isEqualTo("R01");
    assertThat(v.findings()).extracting(Finding::code).contains("R01", "R06");
  }

  @Test
  void reloadReplacesTheDataForTheNextCall() throws DataFileException {
    RuleDataRef data = new RuleDataRef(RuleData.blockedCountries(Set.of("CU")));
    Engine e = new Engine(List.of(new BlockedCountryRule(data)));
    CallAttempt a = new CallAttempt("a@b", "+3725551234", "", "", "c", Instant.EPOCH, -1);
    CallFacts estonia = new CallFacts(normalizer.normalize("+3725551234", plan));
    assertThat(e.evaluate(a, estonia).action()).isEqualTo(Action.ALLOW);
    data.set(RuleData.blockedCountries(Set.of("CU", "EE")));
    assertThat(e.evaluate(a, estonia).code()).isEqualTo("R06");
  }

  @Test
  void r28NamesWhoSawAttackersDialTheNumberAndStaysSilentOtherwise() {
    var d = normalizer.normalize("+88213012345", plan);
    CallAttempt a =
        new CallAttempt("1001@pbx", "+88213012345", "192.0.2.1", "", "c", Instant.EPOCH, -1);
    AttackerNumberRule rule = new AttackerNumberRule(Action.DENY);
    CallFacts seen =
        new CallFacts(
            d,
            "US",
            History.empty(),
            AccountFacts.unknown(),
            SourceFacts.unknown(),
            null,
            null,
            null,
            "sentrypeer");
    Finding f = rule.evaluate(a, seen);
    assertThat(f.action()).isEqualTo(Action.DENY);
    assertThat(f.evidence())
        .isEqualTo("destination +88213012345 was dialled by attackers (sentrypeer)");
    CallFacts unseen =
        new CallFacts(d, "US", List.of(), AccountFacts.unknown(), SourceFacts.unknown(), null);
    assertThat(rule.evaluate(a, unseen)).isNull();
  }
}
