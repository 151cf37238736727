package io.ferrymq.common.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JavaNumberText agrees with the JDK parsers it stands in for, on chosen and on random strings. */
class JavaNumberTextTest {
    private static final List<String> CHOSEN = List.of(
            "", "+", "-", "0", "-0", "+0", "00", "5", "+5", "-5", "05", " 5", "5 ", "5L", "5.0", "1e3", "٥", "５",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "99999999999999999999", "--5", "+-5", "1_000",
            "NaN", "-NaN", "+Infinity", "-Infinity", "Infinity", "infinity", "nan", "NaNd", "Infinityf",
            " NaN ", "\t1.5\n", "1.5f", "1.5F", "1.5d", "1.5D", "1.5L", "1.", ".5", ".", "-.", "1e", "1e+", "1e-5",
            "1E5", "1e5f", "1.5e-3d", "e5", "0x1p3", "0X1P3", "0x1.8p1", "0x.8p1", "0x1", "0x1.8", "0xp1", "0x1p",
            "0x1p+3f", "-0x1p3", "0x1p3x", "1.5.5", "1..5", "1.5ee3", "\u00a01", "1\u00a0", "١.٥", "0x١p3");

    @Test
    void chosenStrings() {
        CHOSEN.forEach(JavaNumberTextTest::assertAgrees);
    }

    @Test
    void randomStrings() {
        String alphabet = "0123456789+-.eExXpPfFdDLaN I\t_٥";
        Random random = new Random(11L);
        List<String> strings = new ArrayList<>();
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            strings.add(s.toString());
        }
        strings.forEach(JavaNumberTextTest::assertAgrees);
    }

    private static void assertAgrees(String s) {
        assertThat(JavaNumberText.isInt(s)).as("int [%s]", s).isEqualTo(accepts(() -> Integer.parseInt(s)));
        assertThat(JavaNumberText.isLong(s)).as("long [%s]", s).isEqualTo(accepts(() -> Long.parseLong(s)));
        assertThat(JavaNumberText.isDouble(s)).as("double [%s]", s).isEqualTo(accepts(() -> Double.parseDouble(s)));
    }

    private static boolean accepts(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
