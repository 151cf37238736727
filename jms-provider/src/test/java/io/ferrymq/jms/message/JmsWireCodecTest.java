package io.ferrymq.jms.message;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.jms.FerryQueue;
import io.ferrymq.jms.FerryTemporaryQueue;
import io.ferrymq.jms.FerryTopic;

import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire mapping: lossless round trips through FerryMQ client messages, property forms, names, interop. */
class JmsWireCodecTest {
    private final JmsWireCodec codec = new JmsWireCodec();

    /** Encodes for the client, passes the properties through the record's string format, and decodes. */
    private FerryMessage roundTrip(Message m) throws JMSException {
        WireMessage wire = codec.encode(m);
        io.ferrymq.client.Message clientMessage = new io.ferrymq.client.Message("t", wire.body());
        wire.properties().forEach(clientMessage::putProperty);
        Map<String, String> stored = MessageProperties.decode(clientMessage.encodedProperties());
        return codec.decode(clientMessage.body(), stored);
    }

    private static <T extends FerryMessage> T withEveryPropertyType(T m) throws JMSException {
        m.setJMSDestination(new FerryQueue("orders.eu"));
        m.setBooleanProperty("flag", true);
        m.setBooleanProperty("off", false);
        m.setByteProperty("b", Byte.MIN_VALUE);
        m.setShortProperty("s", Short.MAX_VALUE);
        m.setIntProperty("count", 5);
        m.setLongProperty("big", Long.MIN_VALUE);
        m.setFloatProperty("ratio", 0.1f);
        m.setFloatProperty("nan", Float.NaN);
        m.setDoubleProperty("pi", Math.PI);
        m.setDoubleProperty("negZero", -0.0);
        m.setDoubleProperty("inf", Double.NEGATIVE_INFINITY);
        m.setStringProperty("name", "Ünïcödé \uD83D\uDE80 text");
        m.setStringProperty("empty", "");
        m.setStringProperty("numberLike", "42");
        m.setStringProperty("nothing", null);
        m.setStringProperty("JMSXGroupID", "customer-7");
        m.setIntProperty("JMSXGroupSeq", 3);
        return m;
    }

    private static void assertSameHeadersAndProperties(FerryMessage actual, FerryMessage expected)
            throws JMSException {
        assertThat(actual.getJMSMessageID()).isEqualTo(expected.getJMSMessageID());
        assertThat(actual.getJMSTimestamp()).isEqualTo(expected.getJMSTimestamp());
        assertThat(actual.getJMSCorrelationIDAsBytes()).isEqualTo(expected.getJMSCorrelationIDAsBytes());
        assertThat(actual.getJMSCorrelationID()).isEqualTo(expected.getJMSCorrelationID());
        assertThat(actual.getJMSReplyTo()).isEqualTo(expected.getJMSReplyTo());
        assertThat(actual.getJMSDestination()).isEqualTo(expected.getJMSDestination());
        assertThat(actual.getJMSDeliveryMode()).isEqualTo(expected.getJMSDeliveryMode());
        assertThat(actual.getJMSType()).isEqualTo(expected.getJMSType());
        assertThat(actual.getJMSExpiration()).isEqualTo(expected.getJMSExpiration());
        assertThat(actual.getJMSDeliveryTime()).isEqualTo(expected.getJMSDeliveryTime());
        assertThat(actual.getJMSPriority()).isEqualTo(expected.getJMSPriority());
        Map<String, Object> expectedProperties = new HashMap<>(expected.propertyMap());
        expectedProperties.put(PropertyNames.JMSX_DELIVERY_COUNT, 1);
        assertThat(actual.propertyMap()).containsExactlyInAnyOrderEntriesOf(expectedProperties);
    }

    @Test
    void everyPropertyTypeAndHeaderRoundTrips() throws JMSException {
        FerryMessage m = withEveryPropertyType(new FerryMessage());
        m.setJMSMessageID("ID:7F0000010001ABCD");
        m.setJMSTimestamp(1_700_000_000_123L);
        m.setJMSCorrelationID("ID:request-1");
        m.setJMSReplyTo(new FerryTemporaryQueue("TMP_Q_1", d -> { }));
        m.setJMSDeliveryMode(DeliveryMode.NON_PERSISTENT);
        m.setJMSType("Order/Placed v2");
        m.setJMSExpiration(1_700_000_060_000L);
        m.setJMSDeliveryTime(1_700_000_010_000L);
        m.setJMSPriority(0);
        FerryMessage received = roundTrip(m);
        assertSameHeadersAndProperties(received, m);
        assertThat(received.getClass()).isEqualTo(FerryMessage.class);
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
        assertThat(Double.doubleToRawLongBits(received.getDoubleProperty("negZero")))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(received.getObjectProperty("nothing")).isNull();
        assertThat(received.propertyExists("nothing")).isTrue();
    }

    @Test
    void propertiesTravelInTheirNaturalStringFormWithOneTypeList() throws JMSException {
        FerryMessage m = withEveryPropertyType(new FerryMessage());
        Map<String, String> wire = codec.encode(m).properties();
        assertThat(wire).containsEntry("count", "5").containsEntry("flag", "true").containsEntry("off", "false")
                .containsEntry("ratio", "0.1").containsEntry("pi", Double.toString(Math.PI))
                .containsEntry("numberLike", "42").containsEntry("empty", "").containsEntry("JMSXGroupSeq", "3")
                .containsEntry("JMSXGroupID", "customer-7").doesNotContainKey("nothing");
        assertThat(wire.get(WirePropertyNames.VALUE_TYPES)).isEqualTo(
                "Zflag,Zoff,Bb,Ss,Icount,Jbig,Fratio,Fnan,Dpi,DnegZero,Dinf,Nnothing,IJMSXGroupSeq");
        assertThat(wire).containsEntry("JMSDeliveryMode", "PERSISTENT").containsEntry("JMSPriority", "4")
                .containsEntry("JMSDestination", "queue://orders.eu").containsEntry("JMS_FMQ_Body", "message");
    }

    @Test
    void stringOnlyMessagesNeedNoTypeList() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("x");
        m.setStringProperty("a", "b");
        assertThat(codec.encode(m).properties()).doesNotContainKey(WirePropertyNames.VALUE_TYPES);
    }

    @Test
    void messageIdTravelsAsRocketMqUniqueKey() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setJMSMessageID("ID:0A0B0C0D");
        assertThat(codec.encode(m).properties()).containsEntry("UNIQ_KEY", "0A0B0C0D")
                .doesNotContainKey("JMSMessageID");
        assertThat(roundTrip(m).getJMSMessageID()).isEqualTo("ID:0A0B0C0D");
        m.setJMSMessageID("ID:");
        assertThatThrownBy(() -> codec.encode(m)).isInstanceOf(JMSException.class).hasMessageContaining("FMQ-JMS-503");
        m.setJMSMessageID(null);
        assertThat(codec.encode(m).properties()).doesNotContainKey("UNIQ_KEY");
    }

    @Test
    void propertiesNamedLikeRocketMqSystemPropertiesAreNotClobbered() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("x");
        m.setJMSDestination(new FerryTopic("t"));
        m.setIntProperty("DELAY", 3);
        m.setStringProperty("KEYS", "k1 k2");
        m.setStringProperty("TAGS", "tag");
        m.setStringProperty("UNIQ_KEY", "mine");
        m.setStringProperty("__transactionId__", "tx");
        m.setStringProperty("WAIT", "false");
        m.setJMSMessageID("ID:real");
        io.ferrymq.client.Message client = codec.toClientMessage(m);
        assertThat(client.properties()).doesNotContainKeys("DELAY", "KEYS", "TAGS", "__transactionId__", "WAIT")
                .containsEntry("UNIQ_KEY", "real")
                .containsEntry("JMS_FMQ_P_DELAY", "3").containsEntry("JMS_FMQ_P_KEYS", "k1 k2")
                .containsEntry("JMS_FMQ_P_UNIQ_KEY", "mine").containsEntry("JMS_FMQ_P___transactionId__", "tx");
        FerryMessage received = roundTrip(m);
        assertThat(received.getIntProperty("DELAY")).isEqualTo(3);
        assertThat(received.getStringProperty("KEYS")).isEqualTo("k1 k2");
        assertThat(received.getStringProperty("UNIQ_KEY")).isEqualTo("mine");
        assertThat(received.getJMSMessageID()).isEqualTo("ID:real");
        assertThat(Collections.list(received.getPropertyNames())).containsExactlyInAnyOrder("DELAY", "KEYS", "TAGS",
                "UNIQ_KEY", "__transactionId__", "WAIT", "JMSXDeliveryCount");
    }

    @Test
    void valuesWithSeparatorsOrUnpairedSurrogatesAreEscapedAndRestored() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setStringProperty("sep", "a\u0001b\u0002c");
        m.setStringProperty("lone", "x\uD800y\\u0041");
        m.setStringProperty("plain", "back\\slash");
        m.setJMSType("type\u0001");
        m.setJMSCorrelationID("\uDC00");
        m.setJMSReplyTo(new FerryQueue("reply\u0002q"));
        Map<String, String> wire = codec.encode(m).properties();
        assertThat(wire.get("sep")).isEqualTo("a\\u0001b\\u0002c");
        assertThat(wire.get("lone")).isEqualTo("x\\uD800y\\\\u0041");
        assertThat(wire.get("plain")).isEqualTo("back\\slash");
        assertThat(wire.values()).noneMatch(v -> v.indexOf('\u0001') >= 0 || v.indexOf('\u0002') >= 0);
        assertSameHeadersAndProperties(roundTrip(m), m);
    }

    @Test
    void correlationIdBytesRoundTripExactly() throws JMSException {
        FerryMessage m = new FerryMessage();
        byte[] id = {0, (byte) 0xFF, 1, (byte) 0x80, 0x7F};
        m.setJMSCorrelationIDAsBytes(id);
        FerryMessage received = roundTrip(m);
        assertThat(received.getJMSCorrelationIDAsBytes()).isEqualTo(id);
        assertThat(codec.encode(m).properties().get(WirePropertyNames.VALUE_TYPES)).isEqualTo("YJMSCorrelationID");
    }

    @Test
    void textBodiesRoundTripIncludingNullEmptyAndUnpairedSurrogates() throws JMSException {
        for (String text : new String[] {"hello", "", null, "Ω \uD83D\uDE80 \u0000 \u0001", "bad\uD800", "\uDFFFx",
            "a".repeat(1 << 20)}) {
            FerryTextMessage m = new FerryTextMessage(text);
            FerryTextMessage received = (FerryTextMessage) roundTrip(m);
            assertThat(received.getText()).isEqualTo(text);
        }
        assertThat(codec.encode(new FerryTextMessage("é")).body()).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.encode(new FerryTextMessage(null)).properties()).containsEntry("JMS_FMQ_Body", "text-null");
        assertThat(codec.encode(new FerryTextMessage("x\uD800")).properties())
                .containsEntry("JMS_FMQ_Body", "text-mutf8");
    }

    @Test
    void bytesBodiesRoundTripRawWhateverTheirMode() throws JMSException {
        byte[] large = new byte[4 << 20];
        new Random(1).nextBytes(large);
        FerryBytesMessage m = withEveryPropertyType(new FerryBytesMessage());
        m.writeBytes(large);
        assertThat(codec.encode(m).body()).isEqualTo(large);
        FerryBytesMessage received = (FerryBytesMessage) roundTrip(m);
        assertSameHeadersAndProperties(received, m);
        assertThat(received.getBodyLength()).isEqualTo(large.length);
        assertThat(received.getBody(byte[].class)).isEqualTo(large);
        m.reset();
        assertThat(((FerryBytesMessage) roundTrip(m)).getBody(byte[].class)).isEqualTo(large);
        assertThat(((FerryBytesMessage) roundTrip(new FerryBytesMessage())).getBodyLength()).isZero();
    }

    @Test
    void mapBodiesRoundTripEveryValueType() throws JMSException {
        FerryMapMessage m = withEveryPropertyType(new FerryMapMessage());
        Object[] values = {true, false, Byte.MIN_VALUE, Short.MIN_VALUE, '\uFFFF', Integer.MAX_VALUE, Long.MIN_VALUE,
            Float.MIN_VALUE, Double.NaN, "", "Ω\uD83D\uDE80\u0000\uD800", new byte[0], new byte[] {1, -1}, null};
        for (int i = 0; i < values.length; i++) {
            m.setObject("k" + i + (i % 2 == 0 ? " with space" : "\uD83D\uDE80"), values[i]);
        }
        for (int i = 0; i < 10_000; i++) {
            m.setInt("n" + i, i);
        }
        FerryMapMessage received = (FerryMapMessage) roundTrip(m);
        assertSameHeadersAndProperties(received, m);
        assertThat(Collections.list(received.getMapNames())).isEqualTo(Collections.list(m.getMapNames()));
        for (String name : Collections.list(m.getMapNames())) {
            assertThat(received.getObject(name)).as(name).isEqualTo(m.getObject(name));
        }
        assertThat(received.getObject("k0 with space")).isEqualTo(true);
        assertThat(((FerryMapMessage) roundTrip(new FerryMapMessage())).getMapNames().hasMoreElements()).isFalse();
    }

    @Test
    void streamBodiesRoundTripEveryValueTypeInOrder() throws JMSException {
        FerryStreamMessage m = withEveryPropertyType(new FerryStreamMessage());
        List<Object> values = new ArrayList<>(List.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5.5f, 6.5d, "",
                "\uD83D\uDE80", new byte[] {7, 8}, new byte[0]));
        values.add(null);
        for (int i = 0; i < 100_000; i++) {
            values.add(i);
        }
        for (Object v : values) {
            m.writeObject(v);
        }
        FerryStreamMessage received = (FerryStreamMessage) roundTrip(m);
        assertSameHeadersAndProperties(received, m);
        for (Object v : values) {
            assertThat(received.readObject()).isEqualTo(v);
        }
        assertThatThrownBy(received::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void objectBodiesRoundTripAndKeepTheCodecsTrust() throws JMSException {
        FerryObjectMessage m = withEveryPropertyType(new FerryObjectMessage(new HashMap<>(Map.of("k", List.of(1)))));
        FerryObjectMessage received = (FerryObjectMessage) roundTrip(m);
        assertSameHeadersAndProperties(received, m);
        assertThat(received.getObject()).isEqualTo(Map.of("k", List.of(1)));
        assertThat(((FerryObjectMessage) roundTrip(new FerryObjectMessage())).getObject()).isNull();

        FerryObjectMessage untrusted = new FerryObjectMessage(new ObjectMessageTrustTest.Untrusted("u"));
        WireMessage wire = codec.encode(untrusted);
        assertThatThrownBy(() -> ((FerryObjectMessage) codec.decode(wire.body(), wire.properties())).getObject())
                .isInstanceOf(MessageFormatException.class).hasMessageContaining("FMQ-JMS-401");
        JmsWireCodec trusting = new JmsWireCodec(TrustedPackages.defaults().plus("io.ferrymq.jms.message"));
        assertThat(((FerryObjectMessage) trusting.decode(wire.body(), wire.properties())).getObject())
                .isEqualTo(new ObjectMessageTrustTest.Untrusted("u"));
    }

    @Test
    void receivedMessagesAreReadOnly() throws JMSException {
        FerryTextMessage received = (FerryTextMessage) roundTrip(withEveryPropertyType(new FerryTextMessage("x")));
        assertThat(received.isPropertiesReadOnly()).isTrue();
        assertThat(received.isBodyReadOnly()).isTrue();
        assertThatThrownBy(() -> received.setText("y")).isInstanceOf(jakarta.jms.MessageNotWriteableException.class);
    }

    @Test
    void deliveryCountIsSetOnReceiptNotCarried() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setJMSXDeliveryCount(5);
        assertThat(codec.encode(m).properties()).doesNotContainKey("JMSXDeliveryCount");
        assertThat(roundTrip(m).getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void aReceivedClientMessageGivesRedeliveryIdsAndTimestamps() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("redelivered");
        m.setJMSTimestamp(111);
        WireMessage wire = codec.encode(m);
        FerryMessage received = codec.decode(received(wire.body(), wire.properties(), 2, 999));
        assertThat(received.getJMSRedelivered()).isTrue();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(3);
        assertThat(received.getJMSTimestamp()).isEqualTo(111);
        assertThat(received.getJMSMessageID()).startsWith("ID:").hasSize(3 + 32);

        FerryMessage first = codec.decode(received(wire.body(), wire.properties(), 0, 999));
        assertThat(first.getJMSRedelivered()).isFalse();
        assertThat(first.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void aMessageFromANonJmsProducerBecomesABytesMessageWithItsUsableProperties() throws JMSException {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("TAGS", "tagA");
        props.put("KEYS", "k1");
        props.put("UNIQ_KEY", "AC11000100002A9F0000000000000001");
        props.put("WAIT", "true");
        props.put("customer", "acme");
        props.put("order-id", "not an identifier");
        props.put("JMSSomethingElse", "x");
        props.put("1ST_POP_TIME", "1");
        byte[] body = "native body".getBytes(StandardCharsets.UTF_8);
        FerryMessage received = codec.decode(received(body, props, 0, 4242));
        assertThat(received).isInstanceOf(FerryBytesMessage.class);
        assertThat(received.getBody(byte[].class)).isEqualTo(body);
        assertThat(Collections.list(received.getPropertyNames())).containsExactlyInAnyOrder("customer",
                "JMSXDeliveryCount");
        assertThat(received.getJMSMessageID()).isEqualTo("ID:AC11000100002A9F0000000000000001");
        assertThat(received.getJMSTimestamp()).isEqualTo(4242);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSPriority()).isEqualTo(4);
    }

    @Test
    void toClientMessageSendsToTheDestinationsTopic() throws JMSException {
        FerryTextMessage m = new FerryTextMessage("x");
        assertThatThrownBy(() -> codec.toClientMessage(m)).hasMessageContaining("FMQ-JMS-106");
        m.setJMSDestination(new FerryQueue("orders.eu/high"));
        io.ferrymq.client.Message client = codec.toClientMessage(m);
        assertThat(client.topic()).isEqualTo("orders|2Eeu|2Fhigh");
        assertThat(client.body()).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oversizedPropertiesAreRefusedWithAClearMessage() throws JMSException {
        FerryMessage m = new FerryMessage();
        m.setStringProperty("big", "x".repeat(JmsWireCodec.MAX_PROPERTIES_BYTES));
        assertThatThrownBy(() -> codec.encode(m)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("FMQ-JMS-502").hasMessageContaining("body");
        m.setStringProperty("big", "x".repeat(10_000));
        assertThat(codec.encode(m).properties().get("big")).hasSize(10_000);
    }

    @Test
    void foreignJmsMessagesAreCopiedAndEncoded() throws JMSException {
        Map<String, Object> props = new LinkedHashMap<>(Map.of("color", "red", "JMSXGroupID", "g", "JMS_Other_x", 1,
                "JMSXDeliveryCount", 4));
        TextMessage foreign = (TextMessage) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TextMessage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getText" -> "from elsewhere";
                    case "getPropertyNames" -> Collections.enumeration(props.keySet());
                    case "getObjectProperty" -> props.get((String) args[0]);
                    case "getJMSDeliveryMode" -> DeliveryMode.NON_PERSISTENT;
                    case "getJMSPriority" -> 7;
                    case "getJMSDestination" -> (jakarta.jms.Queue) () -> "foreign.queue";
                    case "getJMSType" -> "t";
                    case "getJMSTimestamp", "getJMSExpiration", "getJMSDeliveryTime" -> 0L;
                    case "getJMSRedelivered" -> false;
                    default -> null;
                });
        FerryTextMessage received = (FerryTextMessage) roundTrip(foreign);
        assertThat(received.getText()).isEqualTo("from elsewhere");
        assertThat(received.getJMSPriority()).isEqualTo(7);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(received.getJMSDestination()).isEqualTo(new FerryQueue("foreign.queue"));
        assertThat(received.getStringProperty("color")).isEqualTo("red");
        assertThat(received.getStringProperty("JMSXGroupID")).isEqualTo("g");
        assertThat(received.propertyExists("JMS_Other_x")).isFalse();
        assertThat(received.getIntProperty("JMSXDeliveryCount")).isEqualTo(1);
    }

    @Test
    void foreignBytesMapAndStreamBodiesAreCopied() throws JMSException {
        FerryBytesMessage bytes = new FerryBytesMessage();
        bytes.writeBytes(new byte[20_000]);
        FerryMapMessage map = new FerryMapMessage();
        map.setChar("c", 'x');
        FerryStreamMessage stream = new FerryStreamMessage();
        stream.writeBytes(new byte[] {1});
        stream.writeString(null);
        assertThat(((FerryBytesMessage) ForeignMessages.toFerryMessage(bytes)).bodyBytes()).hasSize(20_000);
        assertThat(((FerryMapMessage) ForeignMessages.toFerryMessage(map)).getChar("c")).isEqualTo('x');
        FerryStreamMessage copy = (FerryStreamMessage) ForeignMessages.toFerryMessage(stream);
        copy.reset();
        assertThat((byte[]) copy.readObject()).containsExactly(1);
        assertThat(copy.readObject()).isNull();
    }

    static ReceivedMessage received(byte[] body, Map<String, String> properties, int reconsumeTimes, long born) {
        InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
        DecodedMessage record = new DecodedMessage(0, 0, 0, 0, 0, 1234, 0, born, host, born + 1, host,
                reconsumeTimes, 0, body, "t", MessageProperties.encode(properties));
        return new ReceivedMessage(record, new MessageQueue("t", "broker-a", 0));
    }
}
