package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ObjectMessage bodies and the deserialization allow-list. */
class ObjectMessageTrustTest {

    /** A serializable class outside the default trusted packages. */
    record Untrusted(String value) implements Serializable {
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(TrustedPackages.SYSTEM_PROPERTY);
    }

    @Test
    void trustedJdkTypesRoundTrip() throws JMSException {
        Map<String, Object> nested = new HashMap<>();
        nested.put("amount", new BigDecimal("12.50"));
        nested.put("day", LocalDate.of(2024, 2, 29));
        nested.put("tags", new ArrayList<>(List.of("a", "b")));
        nested.put("matrix", new int[][] {{1, 2}, {3}});
        for (Serializable body : new Serializable[] {"text", 42, (HashMap<String, Object>) nested, new long[] {1, 2},
            new String[] {"x", null}}) {
            FerryObjectMessage m = new FerryObjectMessage(body);
            assertThat(m.getObject()).usingRecursiveComparison().isEqualTo(body);
        }
    }

    @Test
    void theObjectIsSerializedWhenSetSoLaterChangesDoNotCount() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        FerryObjectMessage m = new FerryObjectMessage(list);
        list.add("b");
        assertThat(m.getObject()).isEqualTo(List.of("a"));
        assertThat(m.getObject()).isNotSameAs(m.getObject());
    }

    @Test
    void aClassOutsideTheTrustedPackagesIsRefusedByName() throws JMSException {
        FerryObjectMessage m = new FerryObjectMessage(new Untrusted("gadget"));
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("FMQ-JMS-401")
                .hasMessageContaining(Untrusted.class.getName())
                .hasMessageContaining(TrustedPackages.SYSTEM_PROPERTY);
    }

    @Test
    void anUntrustedClassInsideATrustedCollectionIsRefusedToo() throws JMSException {
        ArrayList<Object> list = new ArrayList<>(List.of("fine", new Untrusted("hidden")));
        FerryObjectMessage m = new FerryObjectMessage(list);
        assertThatThrownBy(m::getObject).hasMessageContaining(Untrusted.class.getName());
        FerryObjectMessage array = new FerryObjectMessage(new Untrusted[] {new Untrusted("a")});
        assertThatThrownBy(array::getObject).hasMessageContaining(Untrusted.class.getName());
    }

    @Test
    void theApplicationCanTrustMorePackages() throws JMSException {
        FerryObjectMessage m = new FerryObjectMessage(new Untrusted("ok"));
        m.setTrustedPackages(TrustedPackages.defaults().plus("io.ferrymq.jms"));
        assertThat(m.getObject()).isEqualTo(new Untrusted("ok"));
        m.setTrustedPackages(TrustedPackages.of(List.of("io.ferrymq.jms.message")));
        assertThat(m.getObject()).isEqualTo(new Untrusted("ok"));
        m.setTrustedPackages(TrustedPackages.of(List.of("io.ferrymq.jm")));
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class);
        m.setTrustedPackages(TrustedPackages.of(List.of(TrustedPackages.TRUST_ALL)));
        assertThat(m.getObject()).isEqualTo(new Untrusted("ok"));
    }

    @Test
    void theSystemPropertyExtendsTheDefaults() throws JMSException {
        System.setProperty(TrustedPackages.SYSTEM_PROPERTY, " com.acme , io.ferrymq.jms.message ");
        TrustedPackages defaults = TrustedPackages.defaults();
        assertThat(defaults.packages()).containsExactly("java.lang", "java.util", "java.math", "java.time",
                "com.acme", "io.ferrymq.jms.message");
        assertThat(new FerryObjectMessage(new Untrusted("ok")).getObject()).isEqualTo(new Untrusted("ok"));
        System.clearProperty(TrustedPackages.SYSTEM_PROPERTY);
        assertThat(TrustedPackages.defaults().packages()).isEqualTo(TrustedPackages.DEFAULT_PACKAGES);
    }

    @Test
    void packageMatchingRespectsDotBoundariesAndArrays() {
        TrustedPackages trust = TrustedPackages.of(List.of("com.acme", "org.example.*"));
        assertThat(trust.trusts("com.acme.Order")).isTrue();
        assertThat(trust.trusts("com.acme.billing.Invoice$Line")).isTrue();
        assertThat(trust.trusts("com.acmecorp.Order")).isFalse();
        assertThat(trust.trusts("org.example.Thing")).isTrue();
        assertThat(trust.trusts("[[Lcom.acme.Order;")).isTrue();
        assertThat(trust.trusts("[Lcom.evil.Gadget;")).isFalse();
        assertThat(trust.trusts("[I")).isTrue();
        assertThat(trust.trusts("NoPackage")).isFalse();
        assertThat(TrustedPackages.defaults().trusts("java.lang.invoke.SerializedLambda")).isFalse();
        assertThat(TrustedPackages.defaults().trusts("java.lang.reflect.Proxy")).isFalse();
        assertThat(TrustedPackages.defaults().trusts("java.util.concurrent.ConcurrentHashMap")).isTrue();
        assertThatThrownBy(() -> TrustedPackages.of(List.of(""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustedPackages.of(List.of("com."))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serializedLambdasAreRefusedEvenThoughJavaLangIsTrusted() throws JMSException {
        Supplier<String> lambda = (Supplier<String> & Serializable) () -> "boom";
        FerryObjectMessage m = new FerryObjectMessage((Serializable) lambda);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.lang.invoke.SerializedLambda");
    }

    @Test
    void dynamicProxiesAreRefused() throws JMSException {
        InvocationHandler handler = (InvocationHandler & Serializable) (proxy, method, args) -> null;
        Object proxy = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Runnable.class,
            Serializable.class}, handler);
        FerryObjectMessage m = new FerryObjectMessage((Serializable) proxy);
        m.setTrustedPackages(TrustedPackages.defaults().plus("io.ferrymq"));
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("proxy");
    }

    @Test
    void aForgedArrayLengthIsRefusedBeforeAllocation() throws Exception {
        byte[] stream = serialize(new byte[10]);
        // The array length is the int just before the 10 element bytes at the end of the stream.
        int at = stream.length - 10 - 4;
        stream[at] = 0x7F;
        stream[at + 1] = (byte) 0xFF;
        stream[at + 2] = (byte) 0xFF;
        stream[at + 3] = (byte) 0xF0;
        FerryObjectMessage m = new FerryObjectMessage(stream, TrustedPackages.defaults());
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining("FMQ-JMS-403");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws JMSException {
        Object[] deep = new Object[1];
        Object[] current = deep;
        for (int i = 0; i < TrustedObjectInputStream.MAX_DEPTH + 5; i++) {
            Object[] next = new Object[1];
            current[0] = next;
            current = next;
        }
        FerryObjectMessage m = new FerryObjectMessage(deep);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void garbageIsAMessageFormatException() {
        FerryObjectMessage m = new FerryObjectMessage(new byte[] {1, 2, 3}, TrustedPackages.defaults());
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining("FMQ-JMS-403");
    }

    @Test
    void anUnserializableObjectIsRefusedWhenSet() {
        ArrayList<Object> list = new ArrayList<>(List.of(new Object()));
        assertThatThrownBy(() -> new FerryObjectMessage(list)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("FMQ-JMS-402");
    }

    @Test
    void nullAndClearedBodies() throws JMSException {
        FerryObjectMessage m = new FerryObjectMessage("x");
        m.setObject(null);
        assertThat(m.getObject()).isNull();
        m.setObject("y");
        m.clearBody();
        assertThat(m.getObject()).isNull();
    }

    private static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }
}
