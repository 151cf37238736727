package io.ferrymq.common.filter;

import static io.ferrymq.common.filter.Filters.jms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LIKE: % and _, ESCAPE, metacharacters taken literally, code points, and agreement with a regex oracle. */
class LikePatternTest {

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            abc        | abc       | true
            abc        | abcd      | false
            abc        | ABC       | false
            a%         | a         | true
            a%         | abc       | true
            a%         | ba        | false
            %c         | abc       | true
            %c         | cab       | false
            %b%        | abc       | true
            %b%        | ac        | false
            %          | ``        | true
            %%         | anything  | true
            ``         | ``        | true
            ``         | a         | false
            _          | ``        | false
            _          | a         | true
            _          | ab        | false
            _%_        | a         | false
            _%_        | ab        | true
            a_c        | abc       | true
            a_c        | ac        | false
            a%b%c      | abc       | true
            a%b%c      | aXbYc     | true
            a%b%c      | acb       | false
            %ab%ab     | abab      | true
            %ab%ab     | ab        | false
            ab%ab      | aab       | false
            ab%ba      | aba       | false
            ab%ba      | abba      | true
            %a_c%      | xxabcxx   | true
            %a_c%      | xxacxx    | false
            a.c        | abc       | false
            a.c        | a.c       | true
            [a-z]*     | b         | false
            [a-z]*     | [a-z]*    | true
            ^$\\d+(x)y?{1}+ | ^$\\d+(x)y?{1}+ | true
            \\Qa\\E    | \\Qa\\E   | true
            caf_       | café      | true
            %é         | café      | true
            a_b        | a😀b      | true
            a__b       | a😀b      | false
            %😀        | x😀       | true
            😀%        | 😀x       | true
            _😀_       | a😀b      | true
            日本%      | 日本語    | true
            """)
    void wildcardsAndLiterals(String pattern, String value, boolean expected) {
        assertThat(jms("s LIKE '" + pattern + "'", "s", value)).isEqualTo(expected ? "TRUE" : "FALSE");
        assertThat(jms("s NOT LIKE '" + pattern + "'", "s", value)).isEqualTo(expected ? "FALSE" : "TRUE");
    }

    @ParameterizedTest(name = "''{2}'' LIKE ''{0}'' ESCAPE ''{1}'' is {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            100!%      | !   | 100%     | true
            100!%      | !   | 1000     | false
            !_%        | !   | _abc     | true
            !_%        | !   | abc      | false
            a!!b       | !   | a!b      | true
            !a         | !   | a        | true
            \\_%       | \\  | _x       | true
            %\\%%      | \\  | 50% off  | true
            %\\%%      | \\  | 50 off   | false
            x%%        | %   | x%       | true
            x%%        | %   | x%y      | false
            a__        | _   | a_       | true
            a__        | _   | ab       | false
            😀_        | 😀  | _        | true
            """)
    void escape(String pattern, String escape, String value, boolean expected) {
        assertThat(jms("s LIKE '" + pattern + "' ESCAPE '" + escape + "'", "s", value))
                .isEqualTo(expected ? "TRUE" : "FALSE");
    }

    @Test
    void matchesAcrossLineBreaks() {
        assertThat(jms("s LIKE 'a%b'", "s", "a\nb")).isEqualTo("TRUE");
        assertThat(jms("s LIKE 'a_b'", "s", "a\rb")).isEqualTo("TRUE");
    }

    @Test
    void aNonStringDoesNotMatchSoNotLikeIsTrue() {
        assertThat(jms("n LIKE '5'", "n", 5L)).isEqualTo("FALSE");
        assertThat(jms("n NOT LIKE '5'", "n", 5L)).isEqualTo("TRUE");
    }

    @Test
    void agreesWithARegexOracleOnRandomPatterns() {
        String[] patternPieces = {"a", "b", "%", "_", "!", "😀", "\uD800", "\uDC00", "."};
        String[] valuePieces = {"a", "b", "!", "😀", "\uD800", "\uDC00", "%", "_", "."};
        Random random = new Random(42);
        int checked = 0;
        for (int n = 0; n < 20_000; n++) {
            String pattern = randomText(random, patternPieces, 6);
            String value = randomText(random, valuePieces, 8);
            boolean escaped = random.nextBoolean();
            LikePattern compiled;
            try {
                compiled = LikePattern.compile(pattern, escaped ? '!' : -1);
            } catch (IllegalArgumentException endsWithEscape) {
                assertThat(escaped && endsWithLoneEscape(pattern)).isTrue();
                continue;
            }
            boolean expected = toRegex(pattern, escaped ? '!' : -1).matcher(value).matches();
            assertThat(compiled.matches(value))
                    .as("'%s' LIKE '%s'%s", value, pattern, escaped ? " ESCAPE '!'" : "")
                    .isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThan(15_000);
    }

    private static boolean endsWithLoneEscape(String pattern) {
        boolean escaping = false;
        for (int i = 0; i < pattern.length(); i++) {
            escaping = !escaping && pattern.charAt(i) == '!';
        }
        return escaping;
    }

    private static String randomText(Random random, String[] pieces, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(maxPieces + 1);
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** The obvious regex translation, as the oracle: '.' matches one code point with DOTALL. */
    private static Pattern toRegex(String pattern, int escape) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); ) {
            int c = pattern.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                int next = pattern.codePointAt(i);
                i += Character.charCount(next);
                regex.append(Pattern.quote(new String(Character.toChars(next))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
