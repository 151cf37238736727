package io.ferrymq.jms;

import io.ferrymq.jms.message.TrustedPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FerryConnectionConfig: defaults, typed and generic setters, validation, URL form, equality, serialization. */
class FerryConnectionConfigTest {

    /** One non-default value per option: its text form and the typed setter that gives the same config. */
    private static final Map<String, Object[]> SAMPLES = new LinkedHashMap<>();

    static {
        sample("namesrvAddr", "ns1:9876;ns2:9877", c -> c.setNamesrvAddr("ns1:9876;ns2:9877"));
        sample("clientID", "app1", c -> c.setClientID("app1"));
        sample("user", "alice", c -> c.setUser("alice"));
        sample("password", "s3cret", c -> c.setPassword("s3cret"));
        sample("prefetchSize", "10", c -> c.setPrefetchSize(10));
        sample("ackTimeoutMillis", "5000", c -> c.setAckTimeoutMillis(5000));
        sample("maxDeliveryAttempts", "3", c -> c.setMaxDeliveryAttempts(3));
        sample("redeliveryDelayMillis", "250", c -> c.setRedeliveryDelayMillis(250));
        sample("sendTimeoutMillis", "1000", c -> c.setSendTimeoutMillis(1000));
        sample("requestTimeoutMillis", "2000", c -> c.setRequestTimeoutMillis(2000));
        sample("closeTimeoutMillis", "7000", c -> c.setCloseTimeoutMillis(7000));
        sample("defaultQueueCount", "8", c -> c.setDefaultQueueCount(8));
        sample("nonPersistentWindowBytes", "0", c -> c.setNonPersistentWindowBytes(0));
        sample("trustedPackages", "com.acme,java.lang", c -> c.setTrustedPackages(List.of("com.acme", "java.lang")));
        sample("reconnectIntervalMillis", "500", c -> c.setReconnectIntervalMillis(500));
        sample("reconnectAttempts", "5", c -> c.setReconnectAttempts(5));
        sample("groupPrefix", "APP_", c -> c.setGroupPrefix("APP_"));
        sample("disableMessageTimestamp", "true", c -> c.setDisableMessageTimestamp(true));
        sample("disableMessageID", "true", c -> c.setDisableMessageID(true));
    }

    private static void sample(String key, String text, Consumer<FerryConnectionConfig> typed) {
        SAMPLES.put(key, new Object[] {text, typed});
    }

    @SuppressWarnings("unchecked")
    private static FerryConnectionConfig typed(String key) {
        FerryConnectionConfig config = new FerryConnectionConfig();
        ((Consumer<FerryConnectionConfig>) SAMPLES.get(key)[1]).accept(config);
        return config;
    }

    private static FerryConnectionConfig everythingSet() {
        FerryConnectionConfig config = new FerryConnectionConfig();
        SAMPLES.forEach((key, sample) -> config.set(key, (String) sample[0]));
        return config;
    }

    @AfterEach
    void clearTrustProperty() {
        System.clearProperty(TrustedPackages.SYSTEM_PROPERTY);
    }

    @Test
    void defaults() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThat(c.getNamesrvAddr()).isEqualTo("127.0.0.1:9876");
        assertThat(c.getClientID()).isNull();
        assertThat(c.getUser()).isNull();
        assertThat(c.getPassword()).isNull();
        assertThat(c.getPrefetchSize()).isEqualTo(32);
        assertThat(c.getAckTimeoutMillis()).isEqualTo(60_000);
        assertThat(c.getMaxDeliveryAttempts()).isEqualTo(16);
        assertThat(c.getRedeliveryDelayMillis()).isZero();
        assertThat(c.getSendTimeoutMillis()).isEqualTo(3_000);
        assertThat(c.getRequestTimeoutMillis()).isEqualTo(3_000);
        assertThat(c.getCloseTimeoutMillis()).isEqualTo(30_000);
        assertThat(c.getDefaultQueueCount()).isEqualTo(4);
        assertThat(c.getTrustedPackages()).containsExactly("java.lang", "java.util", "java.math", "java.time");
        assertThat(c.getReconnectIntervalMillis()).isEqualTo(1_000);
        assertThat(c.getReconnectAttempts()).isEqualTo(-1);
        assertThat(c.getGroupPrefix()).isEqualTo("JMS_");
        assertThat(c.isDisableMessageTimestamp()).isFalse();
        assertThat(c.isDisableMessageID()).isFalse();
        assertThat(c.toUrl()).isEqualTo("ferrymq://127.0.0.1:9876");
        assertThat(c).isEqualTo(new FerryConnectionConfig()).hasSameHashCodeAs(new FerryConnectionConfig());
    }

    @Test
    void everyOptionHasASampleATypedGetterAndSetterAndTheSameTextForm() throws Exception {
        assertThat(FerryConnectionConfig.optionNames()).containsExactlyElementsOf(SAMPLES.keySet());
        for (String key : FerryConnectionConfig.optionNames()) {
            String text = (String) SAMPLES.get(key)[0];
            FerryConnectionConfig generic = new FerryConnectionConfig();
            generic.set(key, text);
            FerryConnectionConfig typed = typed(key);
            assertThat(generic).as(key).isEqualTo(typed).hasSameHashCodeAs(typed).isNotEqualTo(new FerryConnectionConfig());
            assertThat(generic.get(key)).as(key).isEqualTo(text);

            String property = Character.toUpperCase(key.charAt(0)) + key.substring(1);
            Method getter;
            try {
                getter = FerryConnectionConfig.class.getMethod("get" + property);
            } catch (NoSuchMethodException e) {
                getter = FerryConnectionConfig.class.getMethod("is" + property);
            }
            Method setter = FerryConnectionConfig.class.getMethod("set" + property, getter.getReturnType());
            assertThat(setter.getReturnType()).as(key + " setter is a JavaBean setter").isEqualTo(void.class);
            FerryConnectionConfig viaReflection = new FerryConnectionConfig();
            setter.invoke(viaReflection, getter.invoke(typed));
            assertThat(viaReflection).as(key).isEqualTo(typed);
        }
    }

    @Test
    void unknownKeysAreRefusedWithTheKnownOnesListed() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThatThrownBy(() -> c.set("prefetch", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FMQ-JMS-901 unknown connection factory option 'prefetch'")
                .hasMessageContaining("namesrvAddr, clientID, user, password, prefetchSize")
                .hasMessageContaining("disableMessageID");
        assertThatThrownBy(() -> c.set("PrefetchSize", "1")).hasMessageContaining("did you mean 'prefetchSize'?");
        assertThatThrownBy(() -> c.set(null, "1")).hasMessageContaining("FMQ-JMS-901");
        assertThatThrownBy(() -> c.get("nope")).hasMessageContaining("FMQ-JMS-901 unknown connection factory option 'nope'");
        assertThat(c).isEqualTo(new FerryConnectionConfig());
    }

    @ParameterizedTest(name = "{0}={1} accepted")
    @CsvSource(delimiter = '|', value = {
        "namesrvAddr|h:1|h:1",
        "namesrvAddr|a.b-c_d:65535|a.b-c_d:65535",
        "namesrvAddr|[::1]:9876;10.0.0.1:9876|[::1]:9876;10.0.0.1:9876",
        "namesrvAddr|' h:1 ; h2:2 ;'|h:1;h2:2",
        "clientID|x|x",
        "user|''|''",
        "password|''|''",
        "prefetchSize|1|1",
        "prefetchSize|65535|65535",
        "prefetchSize|' 7 '|7",
        "ackTimeoutMillis|1|1",
        "ackTimeoutMillis|9223372036854775807|9223372036854775807",
        "maxDeliveryAttempts|1|1",
        "maxDeliveryAttempts|2147483647|2147483647",
        "redeliveryDelayMillis|0|0",
        "sendTimeoutMillis|1|1",
        "requestTimeoutMillis|1|1",
        "closeTimeoutMillis|1|1",
        "defaultQueueCount|1|1",
        "defaultQueueCount|1024|1024",
        "trustedPackages|*|*",
        "trustedPackages|''|''",
        "trustedPackages|' com.acme.* , org.x '|com.acme,org.x",
        "reconnectIntervalMillis|1|1",
        "reconnectAttempts|-1|-1",
        "reconnectAttempts|0|0",
        "groupPrefix|a|a",
        "groupPrefix|A-b_9|A-b_9",
        "disableMessageTimestamp|TRUE|true",
        "disableMessageID|False|false",
    })
    void goodValues(String key, String value, String normalized) {
        FerryConnectionConfig c = new FerryConnectionConfig();
        c.set(key, value);
        assertThat(c.get(key)).isEqualTo(normalized);
        assertThat(FerryConnectionConfig.fromUrl(c.toUrl())).isEqualTo(c);
    }

    @ParameterizedTest(name = "{0}={1} refused")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "namesrvAddr|h|host:port",
        "namesrvAddr|h:0|host:port",
        "namesrvAddr|h:65536|host:port",
        "namesrvAddr|h:123456|host:port",
        "namesrvAddr|:9876|host:port",
        "namesrvAddr|h:port|host:port",
        "namesrvAddr|''|host:port",
        "namesrvAddr|;|host:port",
        "namesrvAddr|h:1;bad|host:port",
        "namesrvAddr|::1:9876|host:port",
        "namesrvAddr|h:1,h:2|host:port",
        "namesrvAddr|NULL|host:port",
        "clientID|''|a non-empty client id",
        "prefetchSize|0|an integer from 1 to 65535",
        "prefetchSize|65536|an integer from 1 to 65535",
        "prefetchSize|-1|an integer from 1 to 65535",
        "prefetchSize|abc|an integer from 1 to 65535",
        "prefetchSize|1.5|an integer from 1 to 65535",
        "prefetchSize|''|an integer from 1 to 65535",
        "prefetchSize|NULL|an integer from 1 to 65535",
        "ackTimeoutMillis|0|milliseconds of at least 1",
        "ackTimeoutMillis|9223372036854775808|milliseconds of at least 1",
        "maxDeliveryAttempts|0|an integer of at least 1",
        "maxDeliveryAttempts|2147483648|an integer of at least 1",
        "redeliveryDelayMillis|-1|milliseconds of at least 0",
        "sendTimeoutMillis|0|milliseconds of at least 1",
        "requestTimeoutMillis|0|milliseconds of at least 1",
        "closeTimeoutMillis|0|milliseconds of at least 1",
        "defaultQueueCount|0|an integer from 1 to 1024",
        "defaultQueueCount|1025|an integer from 1 to 1024",
        "trustedPackages|a,,b|package names",
        "trustedPackages|.a|package names",
        "trustedPackages|a,|package names",
        "trustedPackages|NULL|package names",
        "reconnectIntervalMillis|0|milliseconds of at least 1",
        "reconnectAttempts|-2|an integer of at least -1",
        "groupPrefix|''|1 to 64 characters",
        "groupPrefix|JMS%|1 to 64 characters",
        "groupPrefix|'a|b'|1 to 64 characters",
        "groupPrefix|a b|1 to 64 characters",
        "groupPrefix|NULL|1 to 64 characters",
        "disableMessageTimestamp|yes|true or false",
        "disableMessageID|1|true or false",
        "disableMessageID|''|true or false",
    })
    void badValuesNameKeyValueAndExpectedForm(String key, String value, String expected) {
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThatThrownBy(() -> c.set(key, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FMQ-JMS-902 " + key + "=" + (value == null ? "null" : "'" + value + "'"))
                .hasMessageContaining("expected").hasMessageContaining(expected);
        assertThat(c).as("a refused value changes nothing").isEqualTo(new FerryConnectionConfig());
    }

    @Test
    void groupPrefixLengthLimit() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        c.setGroupPrefix("g".repeat(64));
        assertThatThrownBy(() -> c.setGroupPrefix("g".repeat(65))).hasMessageContaining("FMQ-JMS-902 groupPrefix=");
    }

    @Test
    void typedSettersValidateToo() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThatThrownBy(() -> c.setPrefetchSize(0)).hasMessage(
                "FMQ-JMS-902 prefetchSize='0' is not valid: expected an integer from 1 to 65535");
        assertThatThrownBy(() -> c.setAckTimeoutMillis(-5)).hasMessageContaining("ackTimeoutMillis='-5'");
        assertThatThrownBy(() -> c.setMaxDeliveryAttempts(0)).hasMessageContaining("maxDeliveryAttempts='0'");
        assertThatThrownBy(() -> c.setRedeliveryDelayMillis(-1)).hasMessageContaining("redeliveryDelayMillis='-1'");
        assertThatThrownBy(() -> c.setSendTimeoutMillis(0)).hasMessageContaining("sendTimeoutMillis='0'");
        assertThatThrownBy(() -> c.setRequestTimeoutMillis(0)).hasMessageContaining("requestTimeoutMillis='0'");
        assertThatThrownBy(() -> c.setCloseTimeoutMillis(0)).hasMessageContaining("closeTimeoutMillis='0'");
        assertThatThrownBy(() -> c.setDefaultQueueCount(2000)).hasMessageContaining("defaultQueueCount='2000'");
        assertThatThrownBy(() -> c.setReconnectIntervalMillis(0)).hasMessageContaining("reconnectIntervalMillis='0'");
        assertThatThrownBy(() -> c.setReconnectAttempts(-3)).hasMessageContaining("reconnectAttempts='-3'");
        assertThatThrownBy(() -> c.setNamesrvAddr("nohost")).hasMessageContaining("'nohost' is not host:port");
        assertThatThrownBy(() -> c.setClientID("")).hasMessageContaining("clientID=''");
        assertThatThrownBy(() -> c.setTrustedPackages(null)).hasMessageContaining("trustedPackages=null");
        assertThatThrownBy(() -> c.setTrustedPackages(java.util.Arrays.asList("a", null)))
                .hasMessageContaining("trustedPackages='a,null'");
        assertThatThrownBy(() -> c.setTrustedPackages(List.of("x.")))
                .hasMessageContaining("FMQ-JMS-404 'x.' is not a package name");
        assertThat(c).isEqualTo(new FerryConnectionConfig());
        c.setClientID(null);
        c.set("user", null);
        assertThat(c.getUser()).isNull();
    }

    @Test
    void textWithUnpairedSurrogatesIsRefusedAndPasswordsAreNeverEchoed() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThatThrownBy(() -> c.setClientID("a\uD800")).hasMessageContaining("FMQ-JMS-902 clientID=")
                .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> c.setUser("\uDC00")).hasMessageContaining("FMQ-JMS-902 user=");
        assertThatThrownBy(() -> c.setPassword("secret\uD800")).hasMessageStartingWith("FMQ-JMS-902 password=***")
                .message().doesNotContain("secret");
        assertThatThrownBy(() -> c.setTrustedPackages(List.of("a\uD800"))).hasMessageContaining("trustedPackages=");
        c.setClientID("rocket \uD83D\uDE80");
        assertThat(FerryConnectionConfig.fromUrl(c.toUrl())).isEqualTo(c);
    }

    @Test
    void trustedPackagesAtTheDefaultFollowTheSystemPropertyOthersAreExact() {
        System.setProperty(TrustedPackages.SYSTEM_PROPERTY, "com.acme");
        FerryConnectionConfig c = new FerryConnectionConfig();
        assertThat(c.toTrustedPackages().trusts("com.acme.Order")).isTrue();
        assertThat(c.toTrustedPackages().trusts("java.util.ArrayList")).isTrue();
        c.setTrustedPackages(List.of("org.example"));
        assertThat(c.toTrustedPackages().packages()).containsExactly("org.example");
        assertThat(c.toTrustedPackages().trusts("com.acme.Order")).isFalse();
        c.set("trustedPackages", "");
        assertThat(c.toTrustedPackages().trusts("java.lang.String")).isFalse();
    }

    // ---- URL ---------------------------------------------------------------------------------------------------

    @Test
    void urlWithHostsAndOptions() {
        FerryConnectionConfig c = FerryConnectionConfig.fromUrl("ferrymq://ns1:9876;ns2:9876?clientID=app1&prefetchSize=10");
        FerryConnectionConfig expected = new FerryConnectionConfig();
        expected.setNamesrvAddr("ns1:9876;ns2:9876");
        expected.setClientID("app1");
        expected.setPrefetchSize(10);
        assertThat(c).isEqualTo(expected);
        assertThat(c.toUrl()).isEqualTo("ferrymq://ns1:9876;ns2:9876?clientID=app1&prefetchSize=10");
    }

    @Test
    void urlWithoutHostsUsesTheDefaultNameserver() {
        for (String url : new String[] {"ferrymq://", "ferrymq://?", "FerryMQ://", " ferrymq:// ", "ferrymq://?&"}) {
            assertThat(FerryConnectionConfig.fromUrl(url)).as(url).isEqualTo(new FerryConnectionConfig());
        }
        assertThat(FerryConnectionConfig.fromUrl("ferrymq://?prefetchSize=3&").getNamesrvAddr()).isEqualTo("127.0.0.1:9876");
    }

    @Test
    void everyOptionInOneUrlInDocumentationOrder() {
        FerryConnectionConfig c = everythingSet();
        assertThat(c.toUrl()).isEqualTo("ferrymq://ns1:9876;ns2:9877?clientID=app1&user=alice&password=s3cret"
                + "&prefetchSize=10&ackTimeoutMillis=5000&maxDeliveryAttempts=3&redeliveryDelayMillis=250"
                + "&sendTimeoutMillis=1000&requestTimeoutMillis=2000&closeTimeoutMillis=7000&defaultQueueCount=8"
                + "&nonPersistentWindowBytes=0"
                + "&trustedPackages=com.acme,java.lang&reconnectIntervalMillis=500&reconnectAttempts=5&groupPrefix=APP_"
                + "&disableMessageTimestamp=true&disableMessageID=true");
        assertThat(FerryConnectionConfig.fromUrl(c.toUrl())).isEqualTo(c);
        assertThat(c.toString()).contains("password=***").doesNotContain("s3cret").contains("clientID=app1");
    }

    @Test
    void percentEncoding() {
        FerryConnectionConfig c = new FerryConnectionConfig();
        c.setPassword("p&ss=w%rd #é+ /?");
        c.setUser("");
        assertThat(c.toUrl()).isEqualTo("ferrymq://127.0.0.1:9876?user=&password=p%26ss%3Dw%25rd%20%23%C3%A9%2B%20%2F%3F");
        assertThat(FerryConnectionConfig.fromUrl(c.toUrl())).isEqualTo(c);

        FerryConnectionConfig read = FerryConnectionConfig.fromUrl("ferrymq://h:1?clientID=a%2fb%20c+d%c3%A9&user=é%F0%9F%9A%80");
        assertThat(read.getClientID()).as("'+' is a plus, hex is case-insensitive").isEqualTo("a/b c+dé");
        assertThat(read.getUser()).isEqualTo("é\uD83D\uDE80");
        assertThat(FerryConnectionConfig.fromUrl("ferrymq://h:1?%63lientID=x").getClientID()).isEqualTo("x");
    }

    @Test
    void urlRoundTripsForRandomConfigs() {
        Random random = new Random(20240611);
        String alphabet = "aZ09 -_.~&=?#%+/;:,*@!'\"()[]{}<>\\|^`é\u00FF\u4E2D\uD83D\uDE80\u0000\n\t";
        List<Integer> cps = alphabet.codePoints().boxed().toList();
        for (int i = 0; i < 500; i++) {
            FerryConnectionConfig c = new FerryConnectionConfig();
            if (random.nextBoolean()) {
                c.setClientID(randomText(random, cps, 1));
            }
            if (random.nextBoolean()) {
                c.setUser(randomText(random, cps, 0));
            }
            if (random.nextBoolean()) {
                c.setPassword(randomText(random, cps, 0));
            }
            if (random.nextBoolean()) {
                c.setNamesrvAddr("h" + random.nextInt(100) + ":" + (1 + random.nextInt(65535))
                        + (random.nextBoolean() ? ";[fe80::1]:" + (1 + random.nextInt(65535)) : ""));
            }
            c.setPrefetchSize(1 + random.nextInt(65535));
            c.setAckTimeoutMillis(1 + (random.nextLong() & Long.MAX_VALUE) % Long.MAX_VALUE);
            c.setRedeliveryDelayMillis(random.nextInt(3) == 0 ? 0 : random.nextInt(100_000));
            c.setReconnectAttempts(random.nextInt(5) - 1);
            c.setDisableMessageID(random.nextBoolean());
            c.setTrustedPackages(random.nextBoolean() ? List.of() : List.of("com.acme", "org.x" + random.nextInt(9)));
            String url = c.toUrl();
            assertThat(url).as(url).matches("[\\x21-\\x7E]+");
            assertThat(FerryConnectionConfig.fromUrl(url)).as(url).isEqualTo(c);
        }
    }

    private static String randomText(Random random, List<Integer> cps, int minLength) {
        StringBuilder s = new StringBuilder();
        int length = minLength + random.nextInt(12);
        for (int k = 0; k < length; k++) {
            s.appendCodePoint(cps.get(random.nextInt(cps.size())));
        }
        return s.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL|FMQ-JMS-903 bad FerryMQ URL: no URL given",
        "tcp://h:1|found scheme 'tcp'",
        "h:9876|found no scheme",
        "ferrymq:/h:1|found no scheme",
        "ferrymq://h:1#frag|no #fragment",
        "ferrymq://h:1?prefetchSize|parameter 'prefetchSize' has no value",
        "ferrymq://h:1?prefetchSize=1&prefetchSize=2|option 'prefetchSize' is given twice",
        "ferrymq://h:1?namesrvAddr=h:2|not in a namesrvAddr parameter",
        "ferrymq://h:1?clientID=%zz|the value of 'clientID' has a '%' not followed by two hex digits",
        "ferrymq://h:1?clientID=%4|'%' not followed by two hex digits",
        "ferrymq://h:1?clientID=a%|'%' not followed by two hex digits",
        "ferrymq://h:1?client%ID=x|a parameter name has a '%'",
        "ferrymq://h:1?clientID=%C3|the value of 'clientID' is not percent-encoded UTF-8",
        "ferrymq://h:1?clientID=%ED%A0%80|is not percent-encoded UTF-8",
        "ferrymq://h:1?bogus=1|FMQ-JMS-901 unknown connection factory option 'bogus'",
        "ferrymq://h:1?prefetchSize=0|FMQ-JMS-902 prefetchSize='0'",
        "ferrymq://h:0|FMQ-JMS-902 namesrvAddr='h:0'",
        "ferrymq://h:1/path|FMQ-JMS-902 namesrvAddr='h:1/path'",
        "ferrymq://user@h:1|FMQ-JMS-902 namesrvAddr='user@h:1'",
    })
    void badUrlsAreRefusedWithTheReason(String url, String message) {
        assertThatThrownBy(() -> FerryConnectionConfig.fromUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void urlErrorsDoNotEchoCredentials() {
        assertThatThrownBy(() -> FerryConnectionConfig.fromUrl("amqp://guest:topsecret@host:5672"))
                .hasMessageContaining("FMQ-JMS-903").message().doesNotContain("topsecret");
        assertThatThrownBy(() -> FerryConnectionConfig.fromUrl("ferrymq://h:1?password=topsecret&prefetchSize=x"))
                .hasMessageContaining("prefetchSize='x'").message().doesNotContain("topsecret");
    }

    // ---- copies, equality, serialization -----------------------------------------------------------------------

    @Test
    void copiesAreIndependentAndEqual() {
        FerryConnectionConfig original = everythingSet();
        FerryConnectionConfig copy = original.copy();
        FerryConnectionConfig constructed = new FerryConnectionConfig(original);
        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).isNotSameAs(original);
        assertThat(constructed).isEqualTo(original);
        copy.setPrefetchSize(99);
        assertThat(original.getPrefetchSize()).isEqualTo(10);
        assertThat(copy).isNotEqualTo(original);
    }

    @Test
    void equalityCoversEveryOption() {
        FerryConnectionConfig defaults = new FerryConnectionConfig();
        for (String key : FerryConnectionConfig.optionNames()) {
            FerryConnectionConfig changed = typed(key);
            assertThat(changed).as(key).isNotEqualTo(defaults);
            assertThat(changed.copy()).as(key + " copy").isEqualTo(changed);
            FerryConnectionConfig all = everythingSet();
            all.set(key, defaults.get(key));
            assertThat(all).as("all but " + key).isNotEqualTo(everythingSet());
        }
        assertThat(defaults).isNotEqualTo(null).isNotEqualTo("ferrymq://127.0.0.1:9876");
    }

    @Test
    void javaSerializationRoundTrips() throws Exception {
        for (FerryConnectionConfig c : List.of(new FerryConnectionConfig(), everythingSet())) {
            Object back = deserialize(serialize(c));
            assertThat(back).isInstanceOf(FerryConnectionConfig.class).isEqualTo(c).isNotSameAs(c);
        }
    }

    @Test
    void deserializationValidatesThroughTheUrl() throws Exception {
        byte[] forged = serialize(new FerryConnectionConfig.SerializedForm("ferrymq://h:1?prefetchSize=0"));
        assertThatThrownBy(() -> deserialize(forged)).isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("FMQ-JMS-902 prefetchSize='0'");
        Object ok = deserialize(serialize(new FerryConnectionConfig.SerializedForm("ferrymq://h:1?prefetchSize=2")));
        assertThat(ok).isInstanceOf(FerryConnectionConfig.class);
        assertThat(((FerryConnectionConfig) ok).getPrefetchSize()).isEqualTo(2);
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }

    @Test
    void referenceHoldsOneAddressPerNonDefaultOption() {
        javax.naming.Reference none = new FerryConnectionConfig().toReference("x.Factory");
        assertThat(none.size()).isZero();
        assertThat(none.getClassName()).isEqualTo("x.Factory");
        assertThat(none.getFactoryClassName()).isEqualTo("io.ferrymq.jms.jndi.FerryObjectFactory");
        javax.naming.Reference all = everythingSet().toReference("x.Factory");
        Function<Integer, String> type = i -> all.get(i).getType();
        assertThat(java.util.stream.IntStream.range(0, all.size()).mapToObj(type::apply).toList())
                .containsExactlyElementsOf(FerryConnectionConfig.optionNames());
        assertThat(all.get("password").getContent()).isEqualTo("s3cret");
        assertThat(all.get("trustedPackages").getContent()).isEqualTo("com.acme,java.lang");
    }
}
