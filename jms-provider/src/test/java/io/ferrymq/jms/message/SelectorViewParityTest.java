package io.ferrymq.jms.message;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.jms.JmsSelectorProperties;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.jms.FerryQueue;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The broker's view of a JMS message for selectors ({@link JmsSelectorProperties}, module common, reading wire
 * properties) equals what the message this codec decodes returns for every selector identifier: the two sides of a
 * selector agree, whichever evaluates it. Also checks that what the codec refuses never makes that view throw.
 */
class SelectorViewParityTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private final JmsWireCodec codec = new JmsWireCodec();
    private final Random random = new Random(20240611);

    /** What a selector sees for {@code identifier} on a decoded message (spec 3.8.1.1). */
    private static Object selectorValue(FerryMessage m, String identifier) throws JMSException {
        return switch (identifier) {
            case "JMSMessageID" -> m.getJMSMessageID();
            case "JMSDeliveryMode" -> m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT ? "PERSISTENT" : "NON_PERSISTENT";
            case "JMSPriority" -> m.getJMSPriority();
            case "JMSTimestamp" -> m.getJMSTimestamp();
            case "JMSCorrelationID" -> m.getJMSCorrelationID();
            case "JMSType" -> m.getJMSType();
            default -> m.getObjectProperty(identifier);
        };
    }

    private static List<String> identifiers(Map<String, String> wire, FerryMessage decoded) {
        List<String> ids = new ArrayList<>(List.of("JMSMessageID", "JMSDeliveryMode", "JMSPriority", "JMSTimestamp",
                "JMSCorrelationID", "JMSType", "JMSXDeliveryCount", "JMSXGroupID", "JMSXGroupSeq", "JMSXUserID",
                "JMSExpiration", "JMSDestination", "JMSReplyTo", "JMSDeliveryTime", "KEYS", "TAGS", "DELAY",
                "UNIQ_KEY", "absent"));
        for (String wireName : wire.keySet()) {
            if (PropertyNames.isSelectorIdentifier(wireName)) {
                ids.add(wireName);
            }
        }
        if (decoded != null) {
            decoded.propertyMap().keySet().forEach(ids::add);
        }
        return ids;
    }

    private static ReceivedMessage received(byte[] body, Map<String, String> properties, int reconsumeTimes,
            long born) {
        DecodedMessage record = new DecodedMessage(0, 0, 0, 0, 0, 4321, 0, born, HOST, born + 1, HOST,
                reconsumeTimes, 0, body, "t", MessageProperties.encode(properties));
        return new ReceivedMessage(record, new MessageQueue("t", "broker-a", 0));
    }

    /** As the broker reads a stored record: its properties plus the record's own fields. */
    private static JmsSelectorProperties brokerView(ReceivedMessage r) {
        Map<String, String> stored = r.properties();
        return JmsSelectorProperties.over(new JmsSelectorProperties.WireSource() {
            @Override
            public String property(String wireName) {
                return stored.get(wireName);
            }

            @Override
            public int reconsumeTimes() {
                return r.reconsumeTimes();
            }

            @Override
            public long bornTimestamp() {
                return r.bornTimestamp();
            }

            @Override
            public String offsetMessageId() {
                return r.offsetMsgId();
            }
        });
    }

    private void assertParity(byte[] body, Map<String, String> wire, int reconsumeTimes) throws JMSException {
        ReceivedMessage r = received(body, wire, reconsumeTimes, 1_600_000_000_000L + random.nextInt(1000));
        FerryMessage decoded = codec.decode(r);
        JmsSelectorProperties view = brokerView(r);
        for (String id : identifiers(r.properties(), decoded)) {
            assertThat(view.get(id)).as(id + " of " + wire).isEqualTo(selectorValue(decoded, id));
        }
        // Without the record (a browser or client-side fallback): as decode(body, properties).
        FerryMessage plain = codec.decode(body, r.properties());
        JmsSelectorProperties mapView = JmsSelectorProperties.of(r.properties());
        for (String id : identifiers(r.properties(), plain)) {
            assertThat(mapView.get(id)).as(id + " of " + wire).isEqualTo(selectorValue(plain, id));
        }
    }

    private FerryMessage sample(int i) throws JMSException {
        FerryMessage m = i % 2 == 0 ? new FerryTextMessage("t" + i) : new FerryMessage();
        m.setJMSDestination(new FerryQueue("q"));
        m.setJMSDeliveryMode(random.nextBoolean() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
        m.setJMSPriority(random.nextInt(10));
        m.setJMSTimestamp(random.nextBoolean() ? 0 : random.nextLong() >>> 1);
        if (random.nextBoolean()) {
            m.setJMSMessageID("ID:" + Long.toHexString(random.nextLong()));
        }
        switch (random.nextInt(4)) {
            case 0 -> m.setJMSCorrelationID("corr-" + i);
            case 1 -> m.setJMSCorrelationIDAsBytes(("bytes-\u00e9" + i).getBytes(StandardCharsets.UTF_8));
            case 2 -> m.setJMSCorrelationID("odd\u0001\uD800" + i);
            default -> { }
        }
        if (random.nextBoolean()) {
            m.setJMSType(random.nextBoolean() ? "type" + i : "t\\y\u0002pe");
        }
        m.setBooleanProperty("flag", random.nextBoolean());
        m.setByteProperty("b", (byte) random.nextInt());
        m.setShortProperty("s", (short) random.nextInt());
        m.setIntProperty("n", random.nextInt());
        m.setLongProperty("l", random.nextLong());
        m.setFloatProperty("f", random.nextBoolean() ? Float.NaN : random.nextFloat() * 100);
        m.setDoubleProperty("d", random.nextBoolean() ? -0.0 : random.nextGaussian());
        m.setStringProperty("str", random.nextBoolean() ? "true" : "5");
        m.setStringProperty("esc", "a\\b\u0001c\uDC00");
        m.setObjectProperty("nothing", null);
        m.setStringProperty("KEYS", "app-keys-" + i);
        m.setIntProperty("DELAY", 3);
        m.setStringProperty("__inner", "x");
        m.setStringProperty("JMSXGroupID", "g" + i);
        m.setIntProperty("JMSXGroupSeq", i);
        return m;
    }

    @Test
    void theSelectorViewOfTheWireEqualsTheDecodedMessage() throws JMSException {
        for (int i = 0; i < 300; i++) {
            WireMessage wire = codec.encode(sample(i));
            Map<String, String> props = new LinkedHashMap<>(wire.properties());
            if (i % 3 == 0) {
                props.remove(WirePropertyNames.MESSAGE_ID); // falls back to the offset id
            }
            if (i % 5 == 0) {
                props.remove(WirePropertyNames.JMS_TIMESTAMP); // falls back to the born time
                props.remove(WirePropertyNames.JMS_PRIORITY);
                props.remove(WirePropertyNames.JMS_DELIVERY_MODE);
            }
            assertParity(wire.body(), props, i % 4);
        }
    }

    @Test
    void messagesOfNonJmsProducersLookTheSameFromBothSides() throws JMSException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("KEYS", "k1");
        props.put("TAGS", "TagA");
        props.put("order-id", "7");
        props.put("color", "red");
        props.put("n", "5");
        props.put("UNIQ_KEY", "AC1100010000");
        assertParity(new byte[]{1, 2}, props, 0);
    }

    @Test
    void wherePropertiesTheCodecAcceptsHaveOneView() throws JMSException {
        // Mutated wire forms: whatever the codec accepts, both views agree; whatever it refuses, ours does not throw.
        String[] junk = {"", "-1", "10", "99999999999999999999", "true", "NaN", "ID:", "\\u12", "\\", "Ix", "Ni,Ni",
            ",", "Ss", "Ys", "Y!!!", "X", "\uD800", "1e3", "PERSISTENT", "NON_PERSISTENT", "0x10"};
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            WireMessage wire = codec.encode(sample(i));
            Map<String, String> props = new LinkedHashMap<>(wire.properties());
            List<String> names = new ArrayList<>(props.keySet());
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(3)) {
                    case 0 -> props.put(name, junk[random.nextInt(junk.length)]);
                    case 1 -> props.remove(name);
                    default -> props.put(WirePropertyNames.VALUE_TYPES, props.getOrDefault(
                            WirePropertyNames.VALUE_TYPES, "") + "," + "ZBSIJFDNXYQ".charAt(random.nextInt(11)) + name);
                }
            }
            FerryMessage decoded;
            try {
                decoded = codec.decode(wire.body(), props);
            } catch (JMSException e) {
                refused++;
                JmsSelectorProperties view = JmsSelectorProperties.of(props);
                for (String id : identifiers(props, null)) {
                    assertThatCode(() -> view.get(id)).doesNotThrowAnyException();
                }
                continue;
            }
            accepted++;
            JmsSelectorProperties view = JmsSelectorProperties.of(props);
            for (String id : identifiers(props, decoded)) {
                assertThat(view.get(id)).as(id + " of " + props).isEqualTo(selectorValue(decoded, id));
            }
        }
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
