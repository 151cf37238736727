package io.ferrymq.jms;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Destinations (spec 4.4 and 6.2.5–6.2.7): names, topic mapping, wire strings, temporary destinations. */
class DestinationsTest {

    @Test
    void plainNamesMapOntoTheSameTopicName() throws Exception {
        assertThat(new FerryQueue("orders").topicName()).isEqualTo("orders");
        assertThat(new FerryTopic("Price_Ticks-2024").topicName()).isEqualTo("Price_Ticks-2024");
        assertThat(new FerryQueue("%DLQ%billing").topicName()).isEqualTo("%DLQ%billing");
        assertThat(TopicNameMapping.toJmsName("%RETRY%billing")).isEqualTo("%RETRY%billing");
    }

    @Test
    void otherCharactersAreEscapedAsUtf8BytesAfterABar() throws Exception {
        assertThat(TopicNameMapping.toTopicName("orders.eu")).isEqualTo("orders|2Eeu");
        assertThat(TopicNameMapping.toTopicName("jms/queue:A")).isEqualTo("jms|2Fqueue|3AA");
        assertThat(TopicNameMapping.toTopicName("a|b")).isEqualTo("a|7Cb");
        assertThat(TopicNameMapping.toTopicName("é")).isEqualTo("|C3|A9");
        assertThat(TopicNameMapping.toTopicName("\uD83D\uDE80")).isEqualTo("|F0|9F|9A|80");
        assertThat(TopicNameMapping.toTopicName("a b")).isEqualTo("a|20b");
    }

    @Test
    void mappingIsReversibleForRandomNames() throws Exception {
        Random random = new Random(42);
        String alphabet = "abcXYZ019_-%|./:é\u00FF\u4E2D\uD83D\uDE80 \u0001";
        List<Integer> cps = alphabet.codePoints().boxed().toList();
        for (int i = 0; i < 2000; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(20);
            for (int k = 0; k < length; k++) {
                name.appendCodePoint(cps.get(random.nextInt(cps.size())));
            }
            String topic = TopicNameMapping.toTopicName(name.toString());
            assertThat(topic).matches("[%|a-zA-Z0-9_-]+");
            assertThat(TopicNameMapping.toJmsName(topic)).isEqualTo(name.toString());
        }
    }

    @Test
    void topicNamesTheMappingDoesNotProduceAreRefused() {
        for (String bad : new String[] {"a|41", "a|2e", "a|2", "a|", "a.b", "|C3", "|FF", ""}) {
            assertThatThrownBy(() -> TopicNameMapping.toJmsName(bad), bad)
                    .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("FMQ-JMS-102");
        }
    }

    @Test
    void lengthLimitAppliesToTheEscapedName() throws Exception {
        assertThat(new FerryQueue("q".repeat(127)).topicName()).hasSize(127);
        assertThatThrownBy(() -> new FerryQueue("q".repeat(128)))
                .isInstanceOf(InvalidDestinationRuntimeException.class).hasMessageContaining("at most 127");
        assertThatThrownBy(() -> new FerryQueue(".".repeat(43)))
                .isInstanceOf(InvalidDestinationRuntimeException.class).hasMessageContaining("129 characters");
        assertThat(new FerryQueue("%DLQ%" + "g".repeat(250)).topicName()).hasSize(255);
        assertThatThrownBy(() -> TopicNameMapping.toTopicName("%DLQ%" + "g".repeat(251)))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("at most 255");
    }

    @Test
    void emptyNullAndUnpairedSurrogateNamesAreRefused() {
        assertThatThrownBy(() -> new FerryQueue("")).isInstanceOf(InvalidDestinationRuntimeException.class);
        assertThatThrownBy(() -> new FerryTopic(null)).isInstanceOf(InvalidDestinationRuntimeException.class);
        assertThatThrownBy(() -> new FerryQueue("a\uD800b")).isInstanceOf(InvalidDestinationRuntimeException.class)
                .hasMessageContaining("surrogate");
    }

    @Test
    void wireStringsRoundTripForEveryKind() throws Exception {
        TemporaryDestinationOwner owner = d -> { };
        List<FerryDestination> all = List.of(new FerryQueue("a.b"), new FerryTopic("t/1"),
                new FerryTemporaryQueue("TMP_Q_1", owner), new FerryTemporaryTopic("TMP_T_1", owner));
        assertThat(all.stream().map(FerryDestination::toWireString))
                .containsExactly("queue://a.b", "topic://t/1", "temp-queue://TMP_Q_1", "temp-topic://TMP_T_1");
        for (FerryDestination d : all) {
            FerryDestination parsed = FerryDestination.parse(d.toWireString());
            assertThat(parsed).isEqualTo(d).hasSameHashCodeAs(d).hasSameClassAs(d);
        }
        assertThat(FerryDestination.parse("queue://queue://x")).isEqualTo(new FerryQueue("queue://x"));
    }

    @Test
    void malformedWireStringsAreRefused() {
        for (String bad : new String[] {null, "", "queue://", "queue:/x", "dlq://x", "QUEUE://x", "x"}) {
            assertThatThrownBy(() -> FerryDestination.parse(bad), String.valueOf(bad))
                    .isInstanceOf(InvalidDestinationException.class);
        }
    }

    @Test
    void equalityDependsOnKindAndNameOnly() {
        TemporaryDestinationOwner a = d -> { };
        TemporaryDestinationOwner b = d -> { };
        assertThat(new FerryQueue("x")).isEqualTo(new FerryQueue("x")).isNotEqualTo(new FerryTopic("x"))
                .isNotEqualTo(new FerryTemporaryQueue("x", a));
        assertThat(new FerryTemporaryQueue("x", a)).isEqualTo(new FerryTemporaryQueue("x", b));
        assertThat(new FerryTopic("x").toString()).isEqualTo("topic://x");
    }

    @Test
    void temporaryDestinationsAreDeletedThroughTheirOwner() throws Exception {
        List<FerryDestination> deleted = new ArrayList<>();
        TemporaryDestinationOwner owner = deleted::add;
        FerryTemporaryQueue queue = new FerryTemporaryQueue("TMP_Q", owner);
        FerryTemporaryTopic topic = new FerryTemporaryTopic("TMP_T", owner);
        queue.delete();
        topic.delete();
        assertThat(deleted).containsExactly(queue, topic);
        assertThat(queue.isOwnedBy(owner)).isTrue();
        assertThat(queue.isOwnedBy(d -> { })).isFalse();

        TemporaryDestinationOwner refusing = d -> {
            throw new JMSException("still has consumers");
        };
        assertThatThrownBy(() -> new FerryTemporaryQueue("TMP", refusing).delete()).hasMessage("still has consumers");
    }

    @Test
    void aTemporaryDestinationKnownOnlyByNameCannotBeDeleted() throws Exception {
        FerryDestination parsed = FerryDestination.parse("temp-queue://TMP_Q");
        assertThatThrownBy(() -> ((FerryTemporaryQueue) parsed).delete())
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("FMQ-JMS-105");
    }

    @Test
    void serializationKeepsNameAndKindButNotTheOwner() throws Exception {
        FerryTemporaryTopic original = new FerryTemporaryTopic("TMP_T", d -> { });
        Object copy = roundTrip(original);
        assertThat(copy).isEqualTo(original).isInstanceOf(FerryTemporaryTopic.class);
        assertThat(((FerryTemporaryTopic) copy).isOwnedBy(null)).isFalse();
        assertThat(roundTrip(new FerryQueue("a.b"))).isEqualTo(new FerryQueue("a.b"));
        assertThat(((FerryQueue) roundTrip(new FerryQueue("a.b"))).topicName()).isEqualTo("a|2Eb");
    }

    @Test
    void foreignQueuesAndTopicsMapByName() throws Exception {
        Queue foreignQueue = () -> "orders.eu";
        Topic foreignTopic = () -> "prices";
        assertThat(FerryDestination.from(foreignQueue)).isEqualTo(new FerryQueue("orders.eu"));
        assertThat(FerryDestination.from(foreignTopic)).isEqualTo(new FerryTopic("prices"));
        assertThatThrownBy(() -> FerryDestination.from(new jakarta.jms.Destination() { }))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("neither a Queue nor a Topic");
    }

    private static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
