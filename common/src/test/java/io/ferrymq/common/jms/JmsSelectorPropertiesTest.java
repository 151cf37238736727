package io.ferrymq.common.jms;

import io.ferrymq.common.filter.Dialect;
import io.ferrymq.common.filter.FilterExpression;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The typed values a JMS selector sees on a message's wire properties: every type restored, reserved names read
 * under their prefixed wire name, escaped strings, headers and their defaults, and nothing thrown on malformed input.
 */
class JmsSelectorPropertiesTest {

    /** Wire properties from name/value pairs. */
    private static Map<String, String> wire(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static boolean matches(String selector, Map<String, String> wire) {
        return FilterExpression.compile(selector, Dialect.JMS).matches(JmsSelectorProperties.of(wire));
    }

    @Test
    void everyTypeComesBackAsItsJavaType() {
        JmsSelectorProperties p = JmsSelectorProperties.of(wire(
                "z", "true", "b", "-8", "s", "300", "i", "70000", "j", "9000000000", "f", "1.5", "d", "-0.0",
                "str", "5", "x", "a\\u0001b\\\\c", "JMS_FMQ_Types", "Zz,Bb,Ss,Ii,Jj,Ff,Dd,Nn,Xx"));
        assertThat(p.get("z")).isEqualTo(Boolean.TRUE);
        assertThat(p.get("b")).isEqualTo((byte) -8);
        assertThat(p.get("s")).isEqualTo((short) 300);
        assertThat(p.get("i")).isEqualTo(70000);
        assertThat(p.get("j")).isEqualTo(9_000_000_000L);
        assertThat(p.get("f")).isEqualTo(1.5f);
        assertThat(p.get("d")).isEqualTo(-0.0d);
        assertThat(p.get("n")).as("typed null").isNull();
        assertThat(p.get("str")).as("untyped: a String").isEqualTo("5");
        assertThat(p.get("x")).as("escaped").isEqualTo("a\u0001b\\c");
        assertThat(p.get("absent")).isNull();
        assertThat(JmsSelectorProperties.of(wire("f", "NaN", "d", "-Infinity", "JMS_FMQ_Types", "Ff,Dd")).get("f"))
                .isEqualTo(Float.NaN);
    }

    @Test
    void reservedNamesAreReadUnderTheirPrefixedWireName() {
        Map<String, String> w = wire("KEYS", "rocketmq-keys", "JMS_FMQ_P_KEYS", "x", "JMS_FMQ_P_DELAY", "3",
                "JMS_FMQ_P___hidden", "h", "JMS_FMQ_Types", "IDELAY");
        JmsSelectorProperties p = JmsSelectorProperties.of(w);
        assertThat(p.get("KEYS")).isEqualTo("x");
        assertThat(p.get("DELAY")).isEqualTo(3);
        assertThat(p.get("__hidden")).isEqualTo("h");
        assertThat(p.get("JMS_FMQ_P_KEYS")).as("the wire name is no property").isNull();
        assertThat(p.get("TAGS")).as("RocketMQ's own TAGS is not a JMS property").isNull();
        assertThat(JmsSelectorProperties.of(wire("TAGS", "a")).get("TAGS")).isNull();
        assertThat(matches("KEYS = 'x'", w)).isTrue();
        assertThat(matches("KEYS = 'rocketmq-keys'", w)).isFalse();
    }

    @Test
    void headersAreMappedToTheirSelectorValues() {
        Map<String, String> w = wire("UNIQ_KEY", "7F000001ABCD", "JMSDeliveryMode", "NON_PERSISTENT",
                "JMSPriority", "7", "JMSTimestamp", "1700000000000", "JMSCorrelationID", "corr-1", "JMSType", "order",
                "JMSExpiration", "5", "JMSDestination", "queue://Q", "JMS_FMQ_Body", "text");
        JmsSelectorProperties p = JmsSelectorProperties.of(w);
        assertThat(p.get("JMSMessageID")).isEqualTo("ID:7F000001ABCD");
        assertThat(p.get("JMSDeliveryMode")).isEqualTo("NON_PERSISTENT");
        assertThat(p.get("JMSPriority")).isEqualTo(7);
        assertThat(p.get("JMSTimestamp")).isEqualTo(1_700_000_000_000L);
        assertThat(p.get("JMSCorrelationID")).isEqualTo("corr-1");
        assertThat(p.get("JMSType")).isEqualTo("order");
        assertThat(p.get("JMSXDeliveryCount")).isEqualTo(1);
        for (String notSelectable : List.of("JMSExpiration", "JMSDestination", "JMS_FMQ_Body", "JMSReplyTo",
                "JMSRedelivered", "JMSXAppID", "UNIQ_KEY_", "JMS_FMQ_Types")) {
            assertThat(p.get(notSelectable)).as(notSelectable).isNull();
        }
        assertThat(p.get("UNIQ_KEY")).as("UNIQ_KEY is reserved: read as JMS_FMQ_P_UNIQ_KEY").isNull();
        assertThat(matches("JMSMessageID = 'ID:7F000001ABCD' AND JMSPriority > 5 AND JMSDeliveryMode = "
                + "'NON_PERSISTENT' AND JMSTimestamp = 1700000000000 AND JMSType = 'order'", w)).isTrue();
        assertThat(matches("JMSMessageID = '7F000001ABCD'", w)).isFalse();
    }

    @Test
    void missingHeadersReadAsTheJmsDefaults() {
        JmsSelectorProperties p = JmsSelectorProperties.of(wire("color", "red"));
        assertThat(p.get("JMSDeliveryMode")).isEqualTo("PERSISTENT");
        assertThat(p.get("JMSPriority")).isEqualTo(4);
        assertThat(p.get("JMSTimestamp")).isEqualTo(0L);
        assertThat(p.get("JMSMessageID")).isNull();
        assertThat(p.get("JMSCorrelationID")).isNull();
        assertThat(p.get("JMSType")).isNull();
        assertThat(p.get("color")).isEqualTo("red");

        JmsSelectorProperties fromBroker = JmsSelectorProperties.over(new JmsSelectorProperties.WireSource() {
            @Override
            public String property(String wireName) {
                return null;
            }

            @Override
            public int reconsumeTimes() {
                return 2;
            }

            @Override
            public long bornTimestamp() {
                return 123L;
            }

            @Override
            public String offsetMessageId() {
                return "0A0000010000AAAA0000000000000010";
            }
        });
        assertThat(fromBroker.get("JMSTimestamp")).isEqualTo(123L);
        assertThat(fromBroker.get("JMSMessageID")).isEqualTo("ID:0A0000010000AAAA0000000000000010");
        assertThat(fromBroker.get("JMSXDeliveryCount")).isEqualTo(3);
        JmsSelectorProperties maxed = JmsSelectorProperties.over(new JmsSelectorProperties.WireSource() {
            @Override
            public String property(String wireName) {
                return null;
            }

            @Override
            public int reconsumeTimes() {
                return Integer.MAX_VALUE;
            }
        });
        assertThat(maxed.get("JMSXDeliveryCount")).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void stringHeadersMayBeEscapedOrCorrelationBytes() {
        String bytesId = Base64.getEncoder().encodeToString("corr-\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JmsSelectorProperties p = JmsSelectorProperties.of(wire("JMSType", "t\\uD800", "JMSCorrelationID", bytesId,
                "JMS_FMQ_Types", "XJMSType,YJMSCorrelationID"));
        assertThat(p.get("JMSType")).isEqualTo("t\uD800");
        assertThat(p.get("JMSCorrelationID")).isEqualTo("corr-\u00e9");
        assertThat(JmsSelectorProperties.of(wire("JMSType", "YWJj", "JMS_FMQ_Types", "YJMSType")).get("JMSType"))
                .as("only a correlation id can be bytes").isEqualTo("YWJj");
    }

    @Test
    void jmsxPropertiesKeepTheirSpecTypes() {
        JmsSelectorProperties p = JmsSelectorProperties.of(wire("JMSXGroupID", "g", "JMSXGroupSeq", "3",
                "JMSXUserID", "alice", "JMS_FMQ_Types", "IJMSXGroupSeq"));
        assertThat(p.get("JMSXGroupID")).isEqualTo("g");
        assertThat(p.get("JMSXGroupSeq")).isEqualTo(3);
        assertThat(p.get("JMSXUserID")).isEqualTo("alice");
        assertThat(JmsSelectorProperties.of(wire("JMSXGroupSeq", "3")).get("JMSXGroupSeq"))
                .as("an untyped JMSXGroupSeq is no int: the provider refuses it").isNull();
        assertThat(JmsSelectorProperties.of(wire("JMSXGroupID", "5", "JMS_FMQ_Types", "IJMSXGroupID"))
                .get("JMSXGroupID")).isNull();
    }

    @Test
    void jmsTypesMatterInComparisons() {
        Map<String, String> typed = wire("flag", "true", "n", "5", "JMS_FMQ_Types", "Zflag,In");
        Map<String, String> strings = wire("flag", "true", "n", "5");
        assertThat(matches("flag = TRUE", typed)).isTrue();
        assertThat(matches("flag", typed)).isTrue();
        assertThat(matches("flag = TRUE", strings)).as("the String 'true' is no boolean").isFalse();
        assertThat(matches("flag = 'true'", strings)).isTrue();
        assertThat(matches("n = 5", typed)).isTrue();
        assertThat(matches("n = 5", strings)).as("the String '5' is no number").isFalse();
        assertThat(matches("n = '5'", typed)).isFalse();
        assertThat(matches("n > 4 AND n < 5.5", typed)).isTrue();
    }

    @Test
    void nullTypedAndAbsentPropertiesAreNull() {
        Map<String, String> w = wire("JMS_FMQ_Types", "Nnote");
        assertThat(matches("note IS NULL", w)).isTrue();
        assertThat(matches("absent IS NULL", w)).isTrue();
        assertThat(matches("note IS NOT NULL", w)).isFalse();
        assertThat(matches("note = 'x' OR NOT (note = 'x')", w)).as("UNKNOWN either way").isFalse();
        assertThat(matches("note IS NULL", wire("note", "stray", "JMS_FMQ_Types", "Nnote")))
                .as("typed null wins over a stray value").isTrue();
    }

    @Test
    void malformedInputNeverThrowsAndReadsAsAbsentOrString() {
        JmsSelectorProperties p = JmsSelectorProperties.of(wire(
                "i", "abc", "b", "300", "s", "70000", "j", "1.5", "f", "x", "d", "", "z", "TRUE", "x", "bad\\q",
                "y", "AAAA", "u", "plain", "JMS_FMQ_Types", "Ii,Bb,Ss,Jj,Ff,Dd,Zz,Xx,Yy,?u,,,XJMSType",
                "JMSPriority", "12", "JMSTimestamp", "soon", "JMSDeliveryMode", "persistent",
                "JMSCorrelationID", "!!", "JMSType", "\\", "UNIQ_KEY", "k"));
        for (String name : List.of("i", "b", "s", "j", "f", "d", "z", "x", "JMSPriority", "JMSTimestamp",
                "JMSDeliveryMode", "JMSType")) {
            assertThat(p.get(name)).as(name).isNull();
        }
        assertThat(p.get("y")).as("Y is no property type: read as a String").isEqualTo("AAAA");
        assertThat(p.get("u")).as("unknown code: read as a String").isEqualTo("plain");
        Map<String, String> corr = wire("JMSCorrelationID", "!!", "JMS_FMQ_Types", "YJMSCorrelationID");
        assertThat(JmsSelectorProperties.of(corr).get("JMSCorrelationID")).isNull();
        assertThat(JmsSelectorProperties.of(wire("JMSPriority", "-1")).get("JMSPriority")).isNull();
        assertThat(JmsSelectorProperties.of(wire("JMSPriority", "09")).get("JMSPriority")).isEqualTo(9);
    }

    @Test
    void randomWirePropertiesNeverMakeALookupThrow() {
        Random random = new Random(7);
        String[] names = {"a", "b", "KEYS", "JMSType", "JMSCorrelationID", "JMSPriority", "JMSTimestamp",
            "JMSDeliveryMode", "JMSXGroupSeq", "JMSXGroupID", "UNIQ_KEY", "JMS_FMQ_P_KEYS"};
        String[] values = {"", "1", "-1", "true", "x", "\\", "\\u", "\\uZZZZ", "1e400", "0x1p3", "NaN", "99999999999",
            "\uD800", ",", "Ia,Zb", "AAA="};
        String[] selectorIds = {"a", "b", "KEYS", "JMSType", "JMSCorrelationID", "JMSPriority", "JMSTimestamp",
            "JMSDeliveryMode", "JMSXGroupSeq", "JMSXGroupID", "JMSMessageID", "JMSXDeliveryCount", "JMSFoo"};
        char[] codes = {'Z', 'B', 'S', 'I', 'J', 'F', 'D', 'N', 'X', 'Y', 'Q', ','};
        for (int n = 0; n < 20_000; n++) {
            Map<String, String> w = new HashMap<>();
            for (int k = random.nextInt(6); k > 0; k--) {
                w.put(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
            }
            List<String> entries = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                entries.add(codes[random.nextInt(codes.length)] + selectorIds[random.nextInt(selectorIds.length)]);
            }
            w.put("JMS_FMQ_Types", String.join(random.nextBoolean() ? "," : ",,", entries));
            JmsSelectorProperties p = JmsSelectorProperties.of(w);
            for (String id : selectorIds) {
                assertThatCode(() -> p.get(id)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void wireNamesAreWhatALookupReads() {
        assertThat(JmsSelectorProperties.wireNames(List.of("JMSPriority", "JMSDeliveryMode", "JMSTimestamp")))
                .containsExactly("JMSPriority", "JMSDeliveryMode", "JMSTimestamp");
        assertThat(JmsSelectorProperties.wireNames(List.of("JMSMessageID"))).containsExactly("UNIQ_KEY");
        assertThat(JmsSelectorProperties.wireNames(List.of("color", "KEYS", "JMSType", "JMSExpiration",
                "JMSXDeliveryCount", "JMSXGroupSeq")))
                .containsExactly("color", "JMS_FMQ_P_KEYS", "JMSType", "JMSXGroupSeq", "JMS_FMQ_Types");
        assertThat(JmsSelectorProperties.wireNames(List.of())).isEmpty();

        // A source that answers only those names gives the same values as the whole map.
        Map<String, String> w = wire("color", "red", "JMS_FMQ_P_KEYS", "k", "JMSType", "t", "JMSXGroupSeq", "2",
                "other", "o", "JMS_FMQ_Types", "IJMSXGroupSeq");
        List<String> ids = List.of("color", "KEYS", "JMSType", "JMSXGroupSeq");
        List<String> allowed = JmsSelectorProperties.wireNames(ids);
        JmsSelectorProperties narrow = JmsSelectorProperties.over(name -> {
            assertThat(allowed).contains(name);
            return w.get(name);
        });
        for (String id : ids) {
            assertThat(narrow.get(id)).isEqualTo(JmsSelectorProperties.of(w).get(id));
        }
    }

    @Test
    void selectorsFromTheSpecAndTheBrief() {
        Map<String, String> w = wire("price", "12", "qty", "3000000000", "ratio", "0.25", "code", "A_1%",
                "country", "UK", "JMSCorrelationID", "order-17", "JMS_FMQ_Types", "Iprice,Jqty,Dratio");
        assertThat(matches("price BETWEEN 10 AND 12", w)).isTrue();
        assertThat(matches("price NOT BETWEEN 10 AND 12", w)).isFalse();
        assertThat(matches("qty > price * 1000000 AND ratio < price", w)).isTrue();
        assertThat(matches("ratio * 4 = 1", w)).isTrue();
        assertThat(matches("country IN ('UK', 'US')", w)).isTrue();
        assertThat(matches("country NOT IN ('UK', 'US')", w)).isFalse();
        assertThat(matches("price IN ('12')", w)).as("IN on a number is FALSE").isFalse();
        assertThat(matches("code LIKE 'A!_1!%' ESCAPE '!'", w)).isTrue();
        assertThat(matches("code LIKE 'A!_2%' ESCAPE '!'", w)).isFalse();
        assertThat(matches("JMSCorrelationID LIKE 'order-%'", w)).isTrue();
        assertThat(matches("country = 5", w)).as("string vs number is FALSE in JMS (spec 3.8.1.1)").isFalse();
        assertThat(matches("NOT (country = 5)", w)).isTrue();
    }
}
