package io.ferrymq.broker.transaction;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.SelectedBuffer;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three shapes of a transactional message, through a real store: the half record, the committed record, and the
 * half as a back-check shows it to the producer.
 */
class HalfMessageCodecTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.1.2.3", 40000);
    private static final InetSocketAddress BROKER = new InetSocketAddress("127.0.0.1", 10911);

    @TempDir
    Path dir;

    private MessageToAppend transactionalSend(String topic, int queueId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(MessageConst.PROPERTY_TAGS, "TagA");
        p.put(MessageConst.PROPERTY_KEYS, "order-1");
        p.put(MessageConst.PROPERTY_TRANSACTION_PREPARED, "true");
        p.put(MessageConst.PROPERTY_DELAY_TIME_LEVEL, "3");
        p.put(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "TX-1");
        return new MessageToAppend(topic, queueId, 7, "order body".getBytes(StandardCharsets.UTF_8),
                MessageProperties.encode(p), MessageSysFlag.TRANSACTION_PREPARED_TYPE, 1_000L, CLIENT, BROKER, 0, 0L);
    }

    @Test
    void aTransactionalSendIsRecognisedByItsPropertyOrItsSysFlag() {
        assertThat(HalfMessageCodec.isTransactional("TRAN_MSG\u0001true\u0002", 0)).isTrue();
        assertThat(HalfMessageCodec.isTransactional(null, MessageSysFlag.TRANSACTION_PREPARED_TYPE)).isTrue();
        assertThat(HalfMessageCodec.isTransactional("TAGS\u0001a\u0002", MessageSysFlag.TRANSACTION_COMMIT_TYPE)).isFalse();
        assertThat(HalfMessageCodec.isTransactional(null, 0)).isFalse();
    }

    @Test
    void halfCommittedAndCheckShapesKeepWhatTheyMustAndDropWhatTheyMust() throws Exception {
        StoreConfig config = new StoreConfig().setStorePathRootDir(dir.toString()).setMappedFileSizeCommitLog(64 * 1024)
                .setMaxHashSlotNum(1_000).setMaxIndexNum(4_000);
        MessageStore store = new MessageStore(config);
        store.start();
        try {
            MessageToAppend half = HalfMessageCodec.toHalf(transactionalSend("Orders", 3), "order-service");
            assertThat(half.topic()).isEqualTo(TransactionTopics.HALF_TOPIC);
            assertThat(half.queueId()).isZero();
            assertThat(MessageSysFlag.transactionType(half.sysFlag())).isEqualTo(MessageSysFlag.TRANSACTION_NOT_TYPE);
            PutResult put = store.putMessage(half);
            assertThat(put.isOk()).isTrue();

            DecodedMessage stored;
            byte[] checkBody;
            try (SelectedBuffer record = store.lookupMessage(put.wroteOffset())) {
                stored = MessageRecord.decode(record.buffer(), 0);
                checkBody = HalfMessageCodec.checkRequestBody(record.buffer(), "Orders", 3);
            }
            assertThat(stored.properties()).containsEntry(MessageConst.PROPERTY_REAL_TOPIC, "Orders")
                    .containsEntry(MessageConst.PROPERTY_REAL_QUEUE_ID, "3")
                    .containsEntry(MessageConst.PROPERTY_PRODUCER_GROUP, "order-service")
                    .containsEntry(MessageConst.PROPERTY_TRANSACTION_ID, "TX-1")
                    .doesNotContainKey(MessageConst.PROPERTY_DELAY_TIME_LEVEL);
            assertThat(HalfMessage.of(stored)).isNotNull();

            ByteBuffer check = ByteBuffer.wrap(checkBody);
            assertThat(MessageRecord.validate(check, 0, checkBody.length, stored.physicalOffset(), true).kind())
                    .isEqualTo(MessageRecord.Kind.RECORD);
            DecodedMessage shown = MessageRecord.decode(check, 0);
            assertThat(shown.totalSize()).isEqualTo(checkBody.length);
            assertThat(shown.topic()).isEqualTo("Orders");
            assertThat(shown.queueId()).isEqualTo(3);
            assertThat(shown.body()).isEqualTo(stored.body());
            assertThat(shown.propertiesString()).isEqualTo(stored.propertiesString());
            assertThat(shown.bornTimestamp()).isEqualTo(1_000L);
            assertThat(shown.offsetMessageId()).isEqualTo(stored.offsetMessageId());

            MessageToAppend committed = HalfMessageCodec.toCommitted(stored, BROKER);
            assertThat(committed.topic()).isEqualTo("Orders");
            assertThat(committed.queueId()).isEqualTo(3);
            assertThat(committed.flag()).isEqualTo(7);
            assertThat(committed.preparedTransactionOffset()).isEqualTo(stored.physicalOffset());
            assertThat(MessageSysFlag.transactionType(committed.sysFlag())).isEqualTo(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
            assertThat(MessageProperties.decode(committed.properties()))
                    .doesNotContainKeys(MessageConst.PROPERTY_REAL_TOPIC, MessageConst.PROPERTY_REAL_QUEUE_ID,
                            MessageConst.PROPERTY_TRANSACTION_PREPARED)
                    .containsEntry(MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX, "TX-1")
                    .containsEntry(MessageConst.PROPERTY_KEYS, "order-1");
        } finally {
            store.shutdown();
        }
    }

    @Test
    void aLongRealTopicMovesTheCheckRecordToTheTwoByteTopicLength() throws Exception {
        StoreConfig config = new StoreConfig().setStorePathRootDir(dir.toString()).setMappedFileSizeCommitLog(64 * 1024)
                .setMaxHashSlotNum(1_000).setMaxIndexNum(4_000);
        MessageStore store = new MessageStore(config);
        store.start();
        try {
            String longTopic = "T".repeat(200);
            PutResult put = store.putMessage(HalfMessageCodec.toHalf(transactionalSend(longTopic, 0), "g"));
            try (SelectedBuffer record = store.lookupMessage(put.wroteOffset())) {
                byte[] body = HalfMessageCodec.checkRequestBody(record.buffer(), longTopic, 0);
                assertThat(ByteBuffer.wrap(body).getInt(MessageRecord.MAGIC_POSITION)).isEqualTo(MessageRecord.MAGIC_V2);
                assertThat(MessageRecord.decode(ByteBuffer.wrap(body), 0).topic()).isEqualTo(longTopic);
            }
        } finally {
            store.shutdown();
        }
    }
}
