package io.ferrymq.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    private static final JsonObject SAMPLE = Json.parseObject("""
            {"long":12,"numStr":"-34","dbl":10.0,"exp":"1e3","frac":1.5,"fracStr":"2.5","big":123456789012345678901234,
             "str":"abc","empty":"","nullStr":"null","nil":null,"t":true,"tStr":"TRUE","one":"1","zero":0,
             "obj":{"x":1},"arr":[1,"a"],"intMax":2147483647,"overInt":2147483648,"numWithSpace":" 5"}""");

    @Test
    void longAndIntGettersAcceptNumbersAndNumericStrings() {
        assertThat(SAMPLE.getLong("long", -1)).isEqualTo(12);
        assertThat(SAMPLE.getLong("numStr", -1)).isEqualTo(-34);
        assertThat(SAMPLE.getLong("dbl", -1)).isEqualTo(10);
        assertThat(SAMPLE.getLong("exp", -1)).isEqualTo(1000);
        assertThat(SAMPLE.getInt("intMax", -1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(SAMPLE.getLong("overInt", -1)).isEqualTo(2147483648L);
        assertThat(SAMPLE.getInt("zero", -1)).isZero();
    }

    @Test
    void absentNullEmptyAndNullStringGiveTheDefault() {
        for (String key : List.of("missing", "nil", "empty", "nullStr")) {
            assertThat(SAMPLE.getLong(key, -9)).as(key).isEqualTo(-9);
            assertThat(SAMPLE.getInt(key, -9)).as(key).isEqualTo(-9);
            assertThat(SAMPLE.getDouble(key, -9.5)).as(key).isEqualTo(-9.5);
            assertThat(SAMPLE.getBoolean(key, true)).as(key).isTrue();
        }
        assertThat(SAMPLE.getString("missing")).isNull();
        assertThat(SAMPLE.getString("nil", "dflt")).isEqualTo("dflt");
        assertThat(SAMPLE.getObject("missing")).isNull();
        assertThat(SAMPLE.getArray("nil")).isNull();
        assertThat(SAMPLE.containsKey("nil")).isTrue();
    }

    @Test
    void numericGettersRejectWhatIsNotAWholeNumberInRange() {
        assertThatThrownBy(() -> SAMPLE.getLong("frac", 0)).isInstanceOf(JsonException.class)
                .hasMessage("key \"frac\": 1.5 is not a whole number in the long range");
        assertThatThrownBy(() -> SAMPLE.getLong("fracStr", 0)).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> SAMPLE.getLong("big", 0)).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> SAMPLE.getInt("overInt", 0)).isInstanceOf(JsonException.class)
                .hasMessage("key \"overInt\": 2147483648 is outside the int range");
        assertThatThrownBy(() -> SAMPLE.getLong("str", 0)).isInstanceOf(JsonException.class)
                .hasMessage("key \"str\": expected a number, found the string \"abc\"");
        assertThatThrownBy(() -> SAMPLE.getLong("numWithSpace", 0)).isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> SAMPLE.getInt("t", 0)).isInstanceOf(JsonException.class)
                .hasMessage("key \"t\": expected a number, found true");
        assertThatThrownBy(() -> SAMPLE.getLong("obj", 0)).isInstanceOf(JsonException.class)
                .hasMessage("key \"obj\": expected a number, found an object");
        assertThat(SAMPLE.getDouble("fracStr", 0)).isEqualTo(2.5);
        assertThat(SAMPLE.getDouble("big", 0)).isEqualTo(1.2345678901234568E23);
    }

    @Test
    void booleanGetter() {
        assertThat(SAMPLE.getBoolean("t", false)).isTrue();
        assertThat(SAMPLE.getBoolean("tStr", false)).isTrue();
        assertThat(SAMPLE.getBoolean("one", false)).isTrue();
        assertThat(SAMPLE.getBoolean("zero", true)).isFalse();
        assertThatThrownBy(() -> SAMPLE.getBoolean("str", false)).isInstanceOf(JsonException.class)
                .hasMessage("key \"str\": expected a boolean, found the string \"abc\"");
        assertThatThrownBy(() -> SAMPLE.getBoolean("long", false)).isInstanceOf(JsonException.class);
    }

    @Test
    void stringObjectAndArrayGetters() {
        assertThat(SAMPLE.getString("str")).isEqualTo("abc");
        assertThat(SAMPLE.getString("long")).isEqualTo("12");
        assertThat(SAMPLE.getString("t")).isEqualTo("true");
        assertThat(SAMPLE.getObject("obj").getLong("x", 0)).isEqualTo(1);
        assertThat(SAMPLE.getArray("arr")).containsExactly(1L, "a");
        assertThatThrownBy(() -> SAMPLE.getString("arr")).isInstanceOf(JsonException.class)
                .hasMessage("key \"arr\": expected a string, found an array");
        assertThatThrownBy(() -> SAMPLE.getObject("arr")).isInstanceOf(JsonException.class)
                .hasMessage("key \"arr\": expected an object, found an array");
        assertThatThrownBy(() -> SAMPLE.getArray("str")).isInstanceOf(JsonException.class);
        assertThat(SAMPLE.get("big")).isEqualTo(new BigInteger("123456789012345678901234"));
    }

    @Test
    void putIsFluentKeepsOrderAndNormalizes() {
        JsonObject o = new JsonObject().put("b", 1).put("a", "x").put(0, 2.5).put("b", 3);
        assertThat(o.keys()).containsExactly("b", "a", "0");
        assertThat(o.get("b")).isEqualTo(3L); // Integer stored as Long, like parsed integers
        assertThat(o.size()).isEqualTo(3);
        assertThat(o.remove("a")).isEqualTo("x");
        assertThat(o.toString()).isEqualTo("{\"b\":3,\"0\":2.5}");
        assertThat(o.entries()).extracting(Map.Entry::getKey).containsExactly("b", "0");
        assertThat(new JsonObject().put("sb", new StringBuilder("v")).get("sb")).isEqualTo("v");
        assertThat(o.get(0)).isEqualTo(2.5);
        assertThat(o.containsKey(List.of(1))).isFalse();
        assertThatThrownBy(() -> o.put(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.put(List.of(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.put("k", new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void duplicateKeysKeepTheFirstPositionAndTheLastValue() {
        JsonObject o = Json.parseObject("{\"a\":1,\"b\":2,\"a\":3}");
        assertThat(o.keys()).containsExactly("a", "b");
        assertThat(o.get("a")).isEqualTo(3L);
    }

    @Test
    void lenientSyntax() {
        JsonObject o = Json.parseObject("\uFEFF {a_1:'x', $b : 'it\\'s' , 'c':\"d\", -1:[1,2,], 1.5:\u00E9,}"
                .replace("\u00E9", "\"\\x41\\v\\1\\F\\/\""));
        assertThat(o.keys()).containsExactly("a_1", "$b", "c", "-1", "1.5");
        assertThat(o.getString("$b")).isEqualTo("it's");
        assertThat(o.getArray("-1")).containsExactly(1L, 2L);
        assertThat(o.getString("1.5")).isEqualTo("A\u000B\u0001\f/");
        assertThat(Json.parse("\f\b\r\n\t[\"raw\u0001\u0002\ttab\"]")).isEqualTo(List.of("raw\u0001\u0002\ttab"));
        assertThat(Json.parse("\"\\uD83D\\uDE00 \\u0001\"")).isEqualTo("\uD83D\uDE00 \u0001");
        assertThat(Json.parseObject("{ключ:1}").getLong("ключ", 0)).isEqualTo(1);
    }

    @Test
    void objectKeysAreFrozenAndEqualByContent() {
        JsonObject table = Json.parseObject("{{\"topic\":\"t\",\"tags\":[\"a\"],\"inner\":{\"q\":1}}:5}");
        JsonObject key = (JsonObject) table.keys().iterator().next();
        assertThat(key.isFrozen()).isTrue();
        assertThat(key.getObject("inner").isFrozen()).isTrue();
        assertThatThrownBy(() -> key.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> key.getObject("inner").remove("q")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> key.getArray("tags").add("b")).isInstanceOf(UnsupportedOperationException.class);

        JsonObject built = new JsonObject().put("inner", new JsonObject().put("q", 1))
                .put("tags", new ArrayList<>(List.of("a"))).put("topic", "t");
        assertThat(built.isFrozen()).isFalse();
        assertThat(built).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(table.get(built)).isEqualTo(5L);
        assertThat(built.isFrozen()).isFalse(); // a lookup does not freeze
        new JsonObject().put(built, 1);
        assertThat(built.isFrozen()).isTrue(); // becoming a key does
    }

    @Test
    void equalityIgnoresOrderAndDistinguishesTypes() {
        JsonObject a = Json.parseObject("{\"x\":1,\"y\":[1,2]}");
        JsonObject b = Json.parseObject("{\"y\":[1,2],\"x\":1}");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Json.parseObject("{\"x\":1.0,\"y\":[1,2]}"));
        assertThat(a).isNotEqualTo(Json.parseObject("{\"x\":1,\"y\":[2,1]}"));
        assertThat(a).isNotEqualTo(Map.of("x", 1L));
    }

    @Test
    void collidingObjectKeysDoNotDegradeToQuadraticTime() {
        // 2^13 strings made of "Aa"/"BB" blocks all share one String.hashCode: the classic hash-flooding input
        List<String> colliding = new ArrayList<>(List.of(""));
        for (int round = 0; round < 13; round++) {
            List<String> next = new ArrayList<>();
            for (String s : colliding) {
                next.add(s + "Aa");
                next.add(s + "BB");
            }
            colliding = next;
        }
        assertThat(colliding.stream().map(String::hashCode).distinct().count()).isEqualTo(1);

        StringBuilder body = new StringBuilder("{");
        for (String s : colliding) {
            body.append("{\"brokerName\":\"").append(s).append("\",\"queueId\":0,\"topic\":\"T\"}:1,");
        }
        body.setCharAt(body.length() - 1, '}');
        JsonObject table = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Json.parseObject(body.toString()));
        assertThat(table.size()).isEqualTo(colliding.size());
        Set<Integer> hashes = new HashSet<>();
        for (Object key : table.keys()) {
            hashes.add(key.hashCode());
        }
        assertThat(hashes.size()).isGreaterThan(colliding.size() - 20);
    }
}
