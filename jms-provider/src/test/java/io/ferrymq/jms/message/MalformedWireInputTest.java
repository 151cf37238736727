package io.ferrymq.jms.message;

import io.ferrymq.jms.FerryQueue;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile wire input (fixed-seed fuzz): random, truncated and mutated bodies and properties, and huge declared lengths,
 * must end in a JMSException or a readable message, never another exception or an out-of-memory.
 */
class MalformedWireInputTest {
    private static final String[] KINDS = {"message", "text", "text-null", "text-mutf8", "bytes", "map", "stream",
        "object", "unknown", ""};

    private final JmsWireCodec codec = new JmsWireCodec();
    private final Random random = new Random(20_240_601L);
    private int decoded;
    private int refused;

    /** Decodes and reads every part; only JMSExceptions may escape, and those are counted as refusals. */
    private void decodeAndReadEverything(byte[] body, Map<String, String> props) {
        try {
            FerryMessage m = codec.decode(body, props);
            decoded++;
            for (String name : Collections.list(m.getPropertyNames())) {
                Object value = m.getObjectProperty(name);
                assertThat(value == null || FerryMessage.isPropertyValue(value)).as(name).isTrue();
            }
            m.getJMSReplyTo();
            m.getJMSCorrelationIDAsBytes();
            if (m instanceof FerryStreamMessage stream) {
                try {
                    while (true) {
                        stream.readObject();
                    }
                } catch (MessageEOFException end) {
                    // read to the end
                }
            } else if (m instanceof FerryMapMessage map) {
                for (String name : Collections.list(map.getMapNames())) {
                    map.getObject(name);
                }
            } else {
                m.isBodyAssignableTo(Object.class);
                m.getBody(Object.class);
            }
        } catch (JMSException expected) {
            refused++;
        }
    }

    private static Map<String, String> kind(String kind) {
        Map<String, String> props = new HashMap<>();
        props.put(WirePropertyNames.BODY_KIND, kind);
        return props;
    }

    private List<WireMessage> validSamples() throws JMSException {
        List<WireMessage> samples = new ArrayList<>();
        FerryMapMessage map = new FerryMapMessage();
        map.setObject("a", "text");
        map.setBytes("b", new byte[] {1, 2, 3});
        map.setDouble("c", 1.5);
        map.setChar("d", 'x');
        map.setObject("e", null);
        FerryStreamMessage stream = new FerryStreamMessage();
        for (Object v : new Object[] {true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s\u00E9\uD83D\uDE80",
            new byte[] {9}, null}) {
            stream.writeObject(v);
        }
        FerryObjectMessage object = new FerryObjectMessage(new HashMap<>(Map.of("k", List.of(1, 2), "n", 3L)));
        FerryTextMessage text = new FerryTextMessage("h\u00E9llo \uD83D\uDE80");
        FerryTextMessage lone = new FerryTextMessage("x\uD800");
        for (FerryMessage m : List.of(map, stream, object, text, lone, new FerryMessage())) {
            m.setJMSDestination(new FerryQueue("q.1"));
            m.setJMSReplyTo(new FerryQueue("reply"));
            m.setJMSCorrelationIDAsBytes(new byte[] {1, 2});
            m.setJMSType("t\u0001");
            m.setJMSMessageID("ID:abc");
            m.setIntProperty("i", 1);
            m.setStringProperty("s", null);
            m.setStringProperty("DELAY", "x\u0002");
            m.setIntProperty("JMSXGroupSeq", 2);
            samples.add(codec.encode(m));
        }
        return samples;
    }

    @Test
    void randomBodiesOfEveryKind() {
        for (int i = 0; i < 5_000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            if (body.length > 0 && random.nextBoolean()) {
                body[0] = TypedBodyFormat.VERSION;
            }
            decodeAndReadEverything(body, kind(KINDS[random.nextInt(KINDS.length)]));
        }
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
    }

    @Test
    void everyTruncationOfValidBodies() throws JMSException {
        for (WireMessage sample : validSamples()) {
            for (int length = 0; length < sample.body().length; length++) {
                byte[] truncated = java.util.Arrays.copyOf(sample.body(), length);
                decodeAndReadEverything(truncated, sample.properties());
            }
        }
        assertThat(refused).isPositive();
    }

    @Test
    void mutatedBodiesAndProperties() throws JMSException {
        List<WireMessage> samples = validSamples();
        for (int i = 0; i < 8_000; i++) {
            WireMessage sample = samples.get(random.nextInt(samples.size()));
            byte[] body = sample.body().clone();
            Map<String, String> props = new LinkedHashMap<>(sample.properties());
            int mutations = 1 + random.nextInt(3);
            for (int k = 0; k < mutations; k++) {
                if (body.length > 0 && random.nextBoolean()) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                } else {
                    mutateProperties(props);
                }
            }
            decodeAndReadEverything(body, props);
        }
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
    }

    private void mutateProperties(Map<String, String> props) {
        List<String> names = new ArrayList<>(props.keySet());
        String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        String[] junk = {"", "-1", "10", "99999999999999999999", "true", "NaN", "queue://", "temp-topic://t",
            "ID:", "\\u12", "\\", "Ix", "Ni,Ni", ",", "Q\u0001", "Ss", "Ys", "Y!!!", "X", "text", "map", "\uD800",
            randomString()};
        switch (random.nextInt(4)) {
            case 0 -> props.put(name, junk[random.nextInt(junk.length)]);
            case 1 -> props.remove(name);
            case 2 -> props.put(WirePropertyNames.VALUE_TYPES, junk[random.nextInt(junk.length)]
                    + (random.nextBoolean() ? "," + (char) ('A' + random.nextInt(26)) + name : ""));
            default -> props.put(WirePropertyNames.HEADERS.get(random.nextInt(WirePropertyNames.HEADERS.size())),
                    junk[random.nextInt(junk.length)]);
        }
    }

    private String randomString() {
        char[] chars = new char[random.nextInt(8)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0x10000);
        }
        return new String(chars);
    }

    @Test
    void hugeDeclaredLengthsAreRefusedWithoutAllocating() {
        byte[][] hostile = {
            {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},            // count 2^31-1
            {1, 1, 10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'a'}, // string of 2^31-1 bytes
            {1, 1, 11, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07},      // byte[] of 2^31-2
            {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1},   // varint longer than 5 bytes
            {1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F},             // varint above 2^31-1
            {1, 1, 99},                                                                // unknown tag
            {2, 0},                                                                    // unknown version
            {1, 0, 0},                                                                 // trailing byte
            {},                                                                        // no version
        };
        for (byte[] body : hostile) {
            for (String kind : new String[] {"map", "stream"}) {
                assertThatThrownBy(() -> codec.decode(body, kind(kind)), kind + " " + java.util.Arrays.toString(body))
                        .isInstanceOf(JMSException.class).hasMessageContaining("FMQ-JMS-501");
            }
        }
    }

    @Test
    void mapBodiesWithEmptyOrDuplicateNamesAreRefused() {
        byte[] empty = {1, 1, 0, 0};
        byte[] duplicate = {1, 2, 1, 'a', 0, 1, 'a', 1};
        assertThatThrownBy(() -> codec.decode(empty, kind("map"))).hasMessageContaining("empty name");
        assertThatThrownBy(() -> codec.decode(duplicate, kind("map"))).hasMessageContaining("twice");
    }

    @Test
    void typeListAndHeaderInconsistenciesAreRefused() {
        List<Map<String, String>> bad = List.of(
                Map.of("JMS_FMQ_Types", "Imissing"),
                Map.of("JMS_FMQ_Types", "Ix", "x", "1.5"),
                Map.of("JMS_FMQ_Types", "Nx", "x", "1"),
                Map.of("JMS_FMQ_Types", "Qx", "x", "1"),
                Map.of("JMS_FMQ_Types", "Yx", "x", "AAAA"),
                Map.of("JMS_FMQ_Types", "Ix,Ix", "x", "1"),
                Map.of("JMS_FMQ_Types", "Zx", "x", "yes"),
                Map.of("JMS_FMQ_Types", "Xx", "x", "\\q"),
                Map.of("JMS_FMQ_Types", "SJMSXGroupSeq", "JMSXGroupSeq", "1"),
                Map.of("JMS_FMQ_Types", "NJMSXGroupSeq"),
                Map.of("JMS_FMQ_Types", "Nnot-a-name"),
                Map.of("JMS_FMQ_Types", "IJMSType", "JMSType", "1"),
                Map.of("JMS_FMQ_Types", "YJMSCorrelationID", "JMSCorrelationID", "%%%"),
                Map.of("JMSPriority", "10"),
                Map.of("JMSPriority", "high"),
                Map.of("JMSPriority", "4294967300"),
                Map.of("JMSDeliveryMode", "2"),
                Map.of("JMSTimestamp", "yesterday"),
                Map.of("JMSReplyTo", "mailto://x"),
                Map.of("JMSDestination", "queue://"),
                Map.of("JMS_FMQ_Body", "message", "JMS_FMQ_Types", ""),
                Map.of("JMS_FMQ_Body", "stream-v2"));
        for (Map<String, String> props : bad) {
            Map<String, String> withKind = new HashMap<>(props);
            withKind.putIfAbsent(WirePropertyNames.BODY_KIND, "message");
            byte[] body = props.containsKey("JMS_FMQ_Types") && props.get("JMS_FMQ_Types").isEmpty()
                    ? new byte[] {1} : new byte[0];
            assertThatThrownBy(() -> codec.decode(body, withKind), props.toString())
                    .isInstanceOf(JMSException.class).hasMessageContaining("FMQ-JMS-501");
        }
    }

    @Test
    void invalidUtf8TextIsRefused() {
        assertThatThrownBy(() -> codec.decode(new byte[] {(byte) 0xC3, 0x28}, kind("text")))
                .isInstanceOf(JMSException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> codec.decode(new byte[] {0}, kind("text-mutf8")))
                .isInstanceOf(JMSException.class);
    }
}
