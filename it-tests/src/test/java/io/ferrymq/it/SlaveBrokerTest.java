package io.ferrymq.it;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import io.ferrymq.remoting.protocol.header.SendMessageRequestHeader;
import io.ferrymq.remoting.protocol.route.PermName;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.BrokerRole;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutStatus;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A master and its slave broker in one JVM, with no nameserver: the slave follows the master named by
 * {@code haMasterAddress} and never hears of the master's topic configs (those travel through the nameserver
 * handshake), exactly the state of a slave whose master died before its next config sync. It must still serve
 * what it replicated, and refuse sends.
 */
class SlaveBrokerTest {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 1);

    @TempDir
    Path dir;
    private final List<BrokerController> brokers = new ArrayList<>();
    private final NettyRemotingClient client = new NettyRemotingClient(new RemotingConfig());

    @AfterEach
    void tearDown() {
        client.shutdown();
        brokers.forEach(BrokerController::shutdown);
    }

    private BrokerController start(long brokerId, StoreConfig store) throws Exception {
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerId(brokerId).setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr(null);
        BrokerController broker = new BrokerController(config, store.setMaxHashSlotNum(1_000).setMaxIndexNum(4_000)
                .setMappedFileSizeCommitLog(1024 * 1024));
        broker.start();
        brokers.add(broker);
        return broker;
    }

    private RemotingCommand pull(BrokerController broker, String topic, int queueId, long offset) throws Exception {
        PullMessageRequestHeader h = new PullMessageRequestHeader();
        h.consumerGroup = "slave-reader";
        h.topic = topic;
        h.queueId = queueId;
        h.queueOffset = offset;
        h.maxMsgNums = 32;
        h.sysFlag = 4; // subscription in the request, no suspend
        h.commitOffset = 0L;
        h.suspendTimeoutMillis = 0L;
        h.subscription = "*";
        h.subVersion = 0L;
        h.expressionType = "TAG";
        return client.invokeSync(broker.config().brokerAddr(), RemotingCommand.request(RequestCode.PULL_MESSAGE).header(h), 5_000);
    }

    @Test
    void aMasterSteersFarBehindReadersOnlyToASlaveThatHoldsTheirData() throws Exception {
        // 64 KiB counts as "no longer in memory" here, so 300 KiB of backlog puts a reader at offset 0 far behind.
        BrokerController master = start(0, new StoreConfig().setStorePathRootDir(dir.resolve("master").toString())
                .setBrokerRole(BrokerRole.ASYNC_MASTER).setAccessMessageInMemoryMaxBytes(64 * 1024));
        master.topics().put(TopicConfig.of("Behind", 1, PermName.READ | PermName.WRITE));
        for (int i = 0; i < 300; i++) {
            MessageToAppend m = MessageToAppend.of("Behind", 0, new byte[1024], MessageStore.properties(Map.of()), HOST);
            assertThat(master.store().putMessage(m).status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitDispatched(master.store());
        assertThat(pull(master, "Behind", 0, 0).ext("suggestWhichBrokerId")).as("no slave at all").isEqualTo("0");

        // A connected slave that lags: it reported holding nothing and then stays silent.
        try (SocketChannel lagging = SocketChannel.open(new InetSocketAddress("127.0.0.1", master.store().haListenPort()))) {
            ByteBuffer report = ByteBuffer.allocate(8).putLong(0, 0L);
            while (report.hasRemaining()) {
                lagging.write(report);
            }
            awaitCondition(() -> master.store().connectedSlaves() == 1 && master.store().slaveHeldOffset() == 0,
                    "the lagging slave connected");
            RemotingCommand r = pull(master, "Behind", 0, 0);
            assertThat(r.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(r.ext("suggestWhichBrokerId")).as("a lagging slave is not suggested").isEqualTo("0");
        }

        BrokerController slave = start(1, new StoreConfig().setStorePathRootDir(dir.resolve("slave").toString())
                .setBrokerRole(BrokerRole.SLAVE).setHaMasterAddress("127.0.0.1:" + master.store().haListenPort()));
        awaitCondition(() -> master.store().slaveHeldOffset() == master.store().commitLogMaxOffset(), "the slave caught up");
        assertThat(pull(master, "Behind", 0, 0).ext("suggestWhichBrokerId")).as("far behind, slave has it").isEqualTo("1");
        assertThat(pull(master, "Behind", 0, 290).ext("suggestWhichBrokerId")).as("close to the end").isEqualTo("0");
        assertThat(slave.store().commitLogMaxOffset()).isEqualTo(master.store().commitLogMaxOffset());
    }

    private static void awaitDispatched(MessageStore store) throws InterruptedException {
        awaitCondition(() -> store.dispatchedOffset() >= store.commitLogMaxOffset(), "dispatch");
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void aSlaveServesTopicsItOnlyKnowsFromReplicatedDataAndRefusesSends() throws Exception {
        BrokerController master = start(0, new StoreConfig().setStorePathRootDir(dir.resolve("master").toString())
                .setBrokerRole(BrokerRole.ASYNC_MASTER));
        BrokerController slave = start(1, new StoreConfig().setStorePathRootDir(dir.resolve("slave").toString())
                .setBrokerRole(BrokerRole.SLAVE).setHaMasterAddress("127.0.0.1:" + master.store().haListenPort()));
        MessageStore masterStore = master.store();
        for (int i = 0; i < 20; i++) {
            MessageToAppend m = MessageToAppend.of("OnlyReplicated", i % 2, ("r-" + i).getBytes(StandardCharsets.UTF_8),
                    MessageStore.properties(Map.of()), HOST);
            assertThat(masterStore.putMessage(m).status()).isEqualTo(PutStatus.PUT_OK);
        }
        awaitCondition(() -> slave.store().dispatchedOffset() >= masterStore.commitLogMaxOffset(), "the slave's dispatch");
        assertThat(slave.topics().get("OnlyReplicated")).as("the slave never synced topic configs").isNull();

        List<String> bodies = new ArrayList<>();
        for (int q = 0; q < 2; q++) {
            RemotingCommand r = pull(slave, "OnlyReplicated", q, 0);
            assertThat(r.code()).as(r.remark()).isEqualTo(ResponseCode.SUCCESS);
            ByteBuffer body = ByteBuffer.wrap(r.body());
            for (int pos = 0; pos < body.limit(); ) {
                var m = MessageRecord.decode(body, pos);
                bodies.add(new String(m.body(), StandardCharsets.UTF_8));
                pos += m.totalSize();
            }
            // Caught up: the slave sends the consumer back to its master.
            assertThat(r.ext("suggestWhichBrokerId")).isEqualTo("0");
        }
        assertThat(bodies).hasSize(20).contains("r-0", "r-19");
        assertThat(pull(slave, "NeverWritten", 0, 0).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

        SendMessageRequestHeader send = new SendMessageRequestHeader();
        send.producerGroup = "pg";
        send.topic = "OnlyReplicated";
        send.defaultTopic = "TBW102";
        send.defaultTopicQueueNums = 4;
        send.queueId = 0;
        send.sysFlag = 0;
        send.bornTimestamp = System.currentTimeMillis();
        send.flag = 0;
        send.properties = "";
        send.reconsumeTimes = 0;
        RemotingCommand refused = client.invokeSync(slave.config().brokerAddr(),
                RemotingCommand.request(RequestCode.SEND_MESSAGE).header(send).body("no".getBytes()), 5_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(refused.remark()).contains("slave");
    }
}
