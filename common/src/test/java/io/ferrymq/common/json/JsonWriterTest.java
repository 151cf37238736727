package io.ferrymq.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    enum Model { CLUSTERING }

    @Test
    void escapesLikeFastjson() {
        assertThat(Json.write("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(Json.write("\b\t\n\f\r")).isEqualTo("\"\\b\\t\\n\\f\\r\"");
        assertThat(Json.write("KEYS\u0001k\u0002")).isEqualTo("\"KEYS\\u0001k\\u0002\"");
        assertThat(Json.write("\u0000\u0007\u000B\u000E\u001F")).isEqualTo("\"\\u0000\\u0007\\u000B\\u000E\\u001F\"");
        assertThat(Json.write("\u007F\u0085\u009F\u00A0é")).isEqualTo("\"\\u007F\\u0085\\u009F\u00A0é\"");
        assertThat(Json.write("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
        assertThat(Json.write("中文 \uD83D\uDE00")).isEqualTo("\"中文 \uD83D\uDE00\"");
    }

    @Test
    void unpairedSurrogatesAreEscapedSoUtf8LosesNothing() {
        String lone = "a\uD800b\uDC00";
        assertThat(Json.write(lone)).isEqualTo("\"a\\uD800b\\uDC00\"");
        assertThat(Json.parse(Json.writeBytes(lone))).isEqualTo(lone);
    }

    @Test
    void everyCharRoundTrips() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0xD800; c++) {
            all.append(c);
        }
        all.append("\uDBFF\uDFFF\uFFFF");
        String s = all.toString();
        assertThat(Json.parse(Json.write(s))).isEqualTo(s);
        assertThat(Json.parse(Json.writeBytes(s))).isEqualTo(s);
    }

    @Test
    void utf8Bytes() {
        assertThat(Json.writeBytes("é\uD83D\uDE00")).containsExactly(
                '"', 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, '"');
        assertThat(new String(Json.writeSortedBytes(Map.of("b", 1, "a", 2)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":2,\"b\":1}");
    }

    @Test
    void numbersBooleansNullAndEnums() {
        assertThat(Json.write(Arrays.asList(1L, -7, (short) 3, (byte) -1, new AtomicLong(9), Long.MIN_VALUE)))
                .isEqualTo("[1,-7,3,-1,9,-9223372036854775808]");
        assertThat(Json.write(Arrays.asList(1.5, 0.0, -0.0, 1e10, 1.5f, Double.NaN, Float.POSITIVE_INFINITY)))
                .isEqualTo("[1.5,0.0,-0.0,1.0E10,1.5,null,null]");
        assertThat(Json.write(Arrays.asList(new BigInteger("123456789012345678901234567890"), new BigDecimal("0.10"))))
                .isEqualTo("[123456789012345678901234567890,0.10]");
        assertThat(Json.write(Arrays.asList(true, false, null, Model.CLUSTERING, 'x', new StringBuilder("sb"))))
                .isEqualTo("[true,false,null,\"CLUSTERING\",\"x\",\"sb\"]");
        assertThat(Json.write(null)).isEqualTo("null");
        assertThat(Json.write("")).isEqualTo("\"\"");
    }

    @Test
    void arraysAndCollections() {
        assertThat(Json.write(new int[] {1, 2})).isEqualTo("[1,2]");
        assertThat(Json.write(new long[0])).isEqualTo("[]");
        assertThat(Json.write(new double[] {0.5, Double.NaN})).isEqualTo("[0.5,null]");
        assertThat(Json.write(new boolean[] {true})).isEqualTo("[true]");
        assertThat(Json.write(new Object[] {"a", 1, null})).isEqualTo("[\"a\",1,null]");
        assertThat(Json.write(new char[] {'h', 'i'})).isEqualTo("\"hi\"");
        assertThat(Json.write(new byte[] {1, 2, 3, (byte) 0xFF})).isEqualTo("\"AQID/w==\"");
        assertThat(Json.write(new LinkedHashSet<>(List.of("x", "y")))).isEqualTo("[\"x\",\"y\"]");
    }

    @Test
    void nullMapValuesAreOmittedAsFastjsonDoes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", 0);
        m.put("remark", null);
        m.put("flag", 1);
        assertThat(Json.write(m)).isEqualTo("{\"code\":0,\"flag\":1}");
        assertThat(Json.write(new JsonObject().put("a", null))).isEqualTo("{}");
    }

    @Test
    void mapKeys() {
        Map<Integer, String> addrs = new TreeMap<>(Map.of(0, "10.0.0.1:10911", 1, "10.0.0.2:10911"));
        assertThat(Json.write(addrs)).isEqualTo("{\"0\":\"10.0.0.1:10911\",\"1\":\"10.0.0.2:10911\"}");

        Map<Object, Object> mq = new LinkedHashMap<>();
        mq.put("brokerName", "b");
        mq.put("queueId", 0);
        mq.put("topic", "t");
        Map<Object, Object> offsets = new LinkedHashMap<>();
        offsets.put(mq, 100L);
        assertThat(Json.write(offsets)).isEqualTo("{{\"brokerName\":\"b\",\"queueId\":0,\"topic\":\"t\"}:100}");
        JsonObject parsed = Json.parseObject(Json.write(offsets));
        assertThat(parsed.get(new JsonObject().put("topic", "t").put("queueId", 0L).put("brokerName", "b")))
                .isEqualTo(100L);

        Map<Object, Object> enumKeys = new HashMap<>();
        enumKeys.put(Model.CLUSTERING, true);
        assertThat(Json.write(enumKeys)).isEqualTo("{\"CLUSTERING\":true}");
    }

    @Test
    void insertionOrderByDefaultSortedOnRequest() {
        JsonObject ext = new JsonObject().put("queueId", "0").put("TRACE_ON", "true").put("MSG_REGION", "DefaultRegion")
                .put("msgId", "X");
        JsonObject header = new JsonObject().put("version", 479).put("opaque", 8).put("extFields", ext)
                .put("code", 0).put("remark", null).put("language", "JAVA").put("flag", 1);
        assertThat(Json.write(header)).isEqualTo("{\"version\":479,\"opaque\":8,\"extFields\":{\"queueId\":\"0\","
                + "\"TRACE_ON\":\"true\",\"MSG_REGION\":\"DefaultRegion\",\"msgId\":\"X\"},\"code\":0,"
                + "\"language\":\"JAVA\",\"flag\":1}");
        assertThat(Json.writeSorted(header)).isEqualTo("{\"code\":0,\"extFields\":{\"MSG_REGION\":\"DefaultRegion\","
                + "\"TRACE_ON\":\"true\",\"msgId\":\"X\",\"queueId\":\"0\"},\"flag\":1,\"language\":\"JAVA\","
                + "\"opaque\":8,\"version\":479}");
    }

    @Test
    void sortedModePutsObjectKeysAfterStringKeysInMapOrder() {
        JsonObject k2 = new JsonObject().put("topic", "b").put("queueId", 1);
        JsonObject k1 = new JsonObject().put("topic", "a").put("queueId", 0);
        JsonObject table = new JsonObject().put(k2, 2).put("z", 0).put(k1, 1).put("a", 0);
        assertThat(Json.writeSorted(table)).isEqualTo(
                "{\"a\":0,\"z\":0,{\"queueId\":1,\"topic\":\"b\"}:2,{\"queueId\":0,\"topic\":\"a\"}:1}");
    }

    @Test
    void unsupportedValuesKeysAndCyclesAreJsonExceptions() {
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(JsonException.class)
                .hasMessageContaining("java.lang.Object");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThatThrownBy(() -> Json.write(nullKey)).isInstanceOf(JsonException.class).hasMessageContaining("null map key");
        assertThatThrownBy(() -> Json.write(Map.of(List.of(1), 1))).isInstanceOf(JsonException.class)
                .hasMessageContaining("map key");
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThatThrownBy(() -> Json.write(cycle)).isInstanceOf(JsonException.class)
                .hasMessageContaining("deeper than 512");
    }

    @Test
    void depthLimitMatchesTheParser() {
        String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThat(Json.write(Json.parse(deepest))).isEqualTo(deepest);
    }

    @Test
    void randomTreesRoundTrip() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            Object tree = randomValue(random, 0);
            String text = random.nextBoolean() ? Json.write(tree) : Json.writeSorted(tree);
            assertThat(Json.parse(text)).as(text).isEqualTo(tree);
            assertThat(Json.parse(text.getBytes(StandardCharsets.UTF_8))).as(text).isEqualTo(tree);
        }
    }

    static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 9);
        switch (kind) {
            case 0: return random.nextLong();
            case 1: return random.nextInt(100) - 50L;
            case 2: return random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            case 3: return random.nextBoolean();
            case 4: return randomString(random);
            case 5: return new BigInteger(80, random).add(BigInteger.valueOf(Long.MAX_VALUE)).add(BigInteger.ONE);
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    list.add(random.nextInt(8) == 0 ? null : randomValue(random, depth + 1));
                }
                return list;
            }
            default: {
                JsonObject o = new JsonObject();
                for (int n = random.nextInt(5); n > 0; n--) {
                    Object key = random.nextInt(6) != 0 ? randomString(random)
                            : new JsonObject().put("queueId", random.nextInt(4)).put("topic", randomString(random));
                    o.put(key, randomValue(random, depth + 1)); // no null values: the writer omits them
                }
                return o;
            }
        }
    }

    static String randomString(Random random) {
        char[] alphabet = "aZ09 _\"\\/\u0001\u0002\n\t\u007F\u00E9\u4E2D\u2028".toCharArray();
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            if (random.nextInt(10) == 0) {
                sb.append("\uD83D\uDE00");
            } else {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
        }
        return sb.toString();
    }
}
