package org.tfps.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The normalizer names the region of a country code used by one region without libphonenumber's
 * per-region pattern matching (for speed); this checks it agrees with {@code parse} + {@code
 * getRegionCodeForNumber} on every example number libphonenumber ships and on seeded random digit
 * strings.
 */
class NumberNormalizerDifferentialTest {

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final NumberNormalizer normalizer = new NumberNormalizer();
  private final DialPlan plan = new DialPlan("US", List.of("00", "011"), "");

  @Test
  void agreesWithLibphonenumberOnExamplesAndRandomNumbers() throws NumberParseException {
    List<String> inputs = new ArrayList<>();
    for (String region : util.getSupportedRegions()) {
      for (PhoneNumberType type : PhoneNumberType.values()) {
        PhoneNumber example = util.getExampleNumberForType(region, type);
        if (example != null) {
          inputs.add(util.format(example, PhoneNumberFormat.E164));
        }
      }
    }
    for (int cc : util.getSupportedGlobalNetworkCallingCodes()) {
      PhoneNumber example = util.getExampleNumberForNonGeoEntity(cc);
      if (example != null) {
        inputs.add(util.format(example, PhoneNumberFormat.E164));
      }
    }
    SplittableRandom random = new SplittableRandom(4475);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder("+").append(1 + random.nextInt(9));
      int len = 4 + random.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(random.nextInt(10));
      }
      inputs.add(sb.toString());
    }
    assertThat(inputs).hasSizeGreaterThan(21_000);
    int compared = 0;
    for (String input : inputs) {
      Destination ours = normalizer.normalize(input, plan);
      PhoneNumber theirs;
      try {
        theirs = util.parse(input, "ZZ");
      } catch (NumberParseException e) {
        assertThat(ours.isNumber())
            .as("%s: libphonenumber refuses (%s)", input, e.getErrorType())
            .isFalse();
        continue;
      }
      assertThat(ours.isNumber()).as(input).isTrue();
      String region = util.getRegionCodeForNumber(theirs);
      if (region == null) {
        region = util.getRegionCodeForCountryCode(theirs.getCountryCode());
      }
      assertThat(ours.e164()).as(input).isEqualTo(util.format(theirs, PhoneNumberFormat.E164));
      assertThat(ours.country()).as(input).isEqualTo("ZZ".equals(region) ? "" : region);
      assertThat(ours.valid()).as(input).isEqualTo(util.isValidNumber(theirs));
      assertThat(ours.type().name()).as(input).isEqualTo(util.getNumberType(theirs).name());
      compared++;
    }
    assertThat(compared).isGreaterThan(15_000);
  }
}
