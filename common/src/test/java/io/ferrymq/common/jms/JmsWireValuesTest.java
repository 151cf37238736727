package io.ferrymq.common.jms;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Type-list lookup and the escaped string form shared by the JMS provider and the broker. */
class JmsWireValuesTest {

    @Test
    void typeCodeOfFindsWholeNamesOnly() {
        String list = "Zflag,Icount,IJMSXGroupSeq,Nnote,Xodd";
        assertThat(JmsWireValues.typeCodeOf(list, "flag")).isEqualTo('Z');
        assertThat(JmsWireValues.typeCodeOf(list, "count")).isEqualTo('I');
        assertThat(JmsWireValues.typeCodeOf(list, "JMSXGroupSeq")).isEqualTo('I');
        assertThat(JmsWireValues.typeCodeOf(list, "note")).isEqualTo('N');
        assertThat(JmsWireValues.typeCodeOf(list, "odd")).isEqualTo('X');
        assertThat(JmsWireValues.typeCodeOf(list, "coun")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf(list, "ount")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf(list, "lag")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf(list, "other")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf(null, "flag")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf("", "flag")).isEqualTo(JmsWireValues.PLAIN_STRING);
    }

    @Test
    void malformedTypeListsAreReadLeniently() {
        assertThat(JmsWireValues.typeCodeOf(",,Z,,Iflag,", "flag")).isEqualTo('I');
        assertThat(JmsWireValues.typeCodeOf("Iflag,Zflag", "flag")).as("first wins").isEqualTo('I');
        assertThat(JmsWireValues.typeCodeOf(",", "flag")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf("flag", "flag")).isEqualTo(JmsWireValues.PLAIN_STRING);
        assertThat(JmsWireValues.typeCodeOf("?flag", "flag")).isEqualTo('?');
    }

    @Test
    void escapeWritesWhatTheProvidersFirstVersionWrote() {
        // The codec wrote String.format("\\u%04X", c) per escaped char; the shared code must stay byte-identical.
        for (char c : new char[]{'\u0001', '\u0002', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDABC'}) {
            assertThat(JmsWireValues.escape("a" + c + "b")).isEqualTo("a" + String.format("\\u%04X", (int) c) + "b");
        }
        assertThat(JmsWireValues.escape("a\\b\u0001")).isEqualTo("a\\\\b\\u0001");
        assertThat(JmsWireValues.escape("pair \uD83D\uDE00 stays")).isEqualTo("pair \uD83D\uDE00 stays");
        assertThat(JmsWireValues.needsEscape("pair \uD83D\uDE00")).isFalse();
        assertThat(JmsWireValues.needsEscape("lone \uDE00")).isTrue();
        assertThat(JmsWireValues.needsEscape("a\u0002")).isTrue();
        assertThat(JmsWireValues.needsEscape("back\\slash")).as("a backslash alone needs no escaping").isFalse();
        assertThat(JmsWireValues.hasUnpairedSurrogate("a\u0001")).isFalse();
        assertThat(JmsWireValues.hasUnpairedSurrogate("\uD800")).isTrue();
    }

    @Test
    void unescapeInvertsEscapeForRandomStrings() {
        Random random = new Random(42);
        char[] alphabet = {'a', '\\', 'u', '0', 'F', '\u0001', '\u0002', '\uD800', '\uDC00', 'é'};
        for (int n = 0; n < 5_000; n++) {
            char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String s = new String(chars);
            String escaped = JmsWireValues.escape(s);
            assertThat(JmsWireValues.unescape(escaped)).isEqualTo(s);
            assertThat(JmsWireValues.badEscapeIndex(escaped)).isEqualTo(-1);
        }
    }

    @Test
    void badEscapesGiveNullAndTheirIndex() {
        assertThat(JmsWireValues.unescape("ok\\x")).isNull();
        assertThat(JmsWireValues.badEscapeIndex("ok\\x")).isEqualTo(2);
        assertThat(JmsWireValues.unescape("\\u12")).isNull();
        assertThat(JmsWireValues.badEscapeIndex("ab\\\\\\u12G4")).isEqualTo(4);
        assertThat(JmsWireValues.unescape("trailing\\")).isNull();
        assertThat(JmsWireValues.unescape("\\u0041\\\\")).isEqualTo("A\\");
        assertThat(JmsWireValues.unescape("\\u00e9")).as("lower-case hex is read too").isEqualTo("é");
    }
}
