package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache RocketMQ's own {@code TransactionMQProducer} (client 5.3.3) against FerryMQ, unchanged: half messages,
 * commit, rollback, and unknown outcomes settled by the broker's back-check through its {@code TransactionListener}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OfficialTransactionProducerTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().brokerConfig(c -> c.setTransactionTimeOut(300).setTransactionCheckInterval(200))
                .start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    /** Decides each transaction by its body: "commit…", "rollback…", or "late-commit…" (unknown, then committed). */
    private static final class BodyDecides implements TransactionListener {
        final Set<String> checked = ConcurrentHashMap.newKeySet();
        final Map<String, String> bodiesByTransaction = new ConcurrentHashMap<>();

        @Override
        public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
            String body = new String(msg.getBody(), StandardCharsets.UTF_8);
            bodiesByTransaction.put(msg.getTransactionId(), body);
            if (body.startsWith("commit")) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
            return body.startsWith("rollback") ? LocalTransactionState.ROLLBACK_MESSAGE : LocalTransactionState.UNKNOW;
        }

        @Override
        public LocalTransactionState checkLocalTransaction(MessageExt msg) {
            checked.add(new String(msg.getBody(), StandardCharsets.UTF_8));
            String body = bodiesByTransaction.get(msg.getTransactionId());
            return body == null ? LocalTransactionState.UNKNOW
                    : body.startsWith("late-commit") ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.ROLLBACK_MESSAGE;
        }
    }

    @Test
    void commitRollbackAndCheckedOutcomesDeliverExactlyTheCommittedMessages() throws Exception {
        String topic = "OfficialTx";
        BodyDecides listener = new BodyDecides();
        TransactionMQProducer producer = new TransactionMQProducer("OPG-tx");
        producer.setNamesrvAddr(cluster.namesrvAddr());
        producer.setInstanceName("official-tx-" + System.nanoTime());
        producer.setHeartbeatBrokerInterval(1_000);
        producer.setTransactionListener(listener);
        producer.start();
        try {
            for (String body : new String[] {"commit-1", "rollback-1", "late-commit-1", "late-rollback-1", "commit-2"}) {
                TransactionSendResult r = producer.sendMessageInTransaction(
                        new Message(topic, "tx", body.getBytes(StandardCharsets.UTF_8)), null);
                assertThat(r.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                assertThat(r.getTransactionId()).isNotBlank();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!listener.checked.containsAll(Set.of("late-commit-1", "late-rollback-1"))
                    || !cluster.broker("broker-a").transactions().list("OPG-tx", null, 0).isEmpty()) {
                assertThat(System.nanoTime()).as("back-checks settle the unknown transactions").isLessThan(deadline);
                Thread.sleep(50);
            }
        } finally {
            producer.shutdown();
        }
        ClientConfig reader = new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("official-tx-reader");
        assertThat(TopicReader.bodies(reader, topic)).containsExactlyInAnyOrder("commit-1", "commit-2", "late-commit-1");
        assertThat(listener.checked).doesNotContain("commit-1", "commit-2", "rollback-1");
    }
}
