package org.tfps.numbers;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The same subscriber number written every way an account may dial it normalizes to the same E.164
 * number: with '+', with each international prefix, behind an outside-line prefix, with visual
 * separators, and in national form from its own country.
 */
class NormalizationPropertyTest {

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final NumberNormalizer normalizer = new NumberNormalizer();

  @Test
  void everyWrittenFormOfANumberNormalizesTheSame() {
    SplittableRandom random = new SplittableRandom(3261);
    int checked = 0;
    for (String region : util.getSupportedRegions().stream().sorted().toList()) {
      for (PhoneNumberType type : List.of(PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE)) {
        PhoneNumber n = util.getExampleNumberForType(region, type);
        if (n == null) {
          continue;
        }
        String e164 = util.format(n, PhoneNumberFormat.E164);
        String digits = e164.substring(1);
        DialPlan us = new DialPlan("US", List.of("011", "00"), "");
        DialPlan withNine = new DialPlan("US", List.of("011"), "9");
        for (String form :
            List.of(
                e164,
                "00" + digits,
                "011" + digits,
                separate(e164, random),
                separate("011" + digits, random))) {
          assertThat(normalizer.normalize(form, us).e164()).as(region + " " + form).isEqualTo(e164);
        }
        assertThat(normalizer.normalize("9011" + digits, withNine).e164())
            .as(region)
            .isEqualTo(e164);
        assertThat(normalizer.normalize("9011" + digits, withNine).prefixUsed()).isEqualTo("9011");
        // National form, dialled from inside the number's own country.
        String national = util.format(n, PhoneNumberFormat.NATIONAL).replaceAll("[^0-9]", "");
        DialPlan home = new DialPlan(region, List.of("00"), "");
        if (!national.startsWith("00")) {
          assertThat(normalizer.normalize(national, home).e164())
              .as(region + " national " + national)
              .isEqualTo(e164);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(300);
  }

  /**
   * Inserts visual separators (space, '-', '.', parentheses) at random places after the first
   * character.
   */
  private static String separate(String s, SplittableRandom random) {
    StringBuilder sb = new StringBuilder().append(s.charAt(0));
    String[] seps = {" ", "-", ".", "(", ")"};
    for (int i = 1; i < s.length(); i++) {
      if (random.nextInt(4) == 0) {
        sb.append(seps[random.nextInt(seps.length)]);
      }
      sb.append(s.charAt(i));
    }
    return sb.toString();
  }
}
