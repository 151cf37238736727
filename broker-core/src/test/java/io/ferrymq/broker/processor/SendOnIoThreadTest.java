package io.ferrymq.broker.processor;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerStats;
import io.ferrymq.broker.topic.TopicConfigTable;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which sends the broker stores on the network thread that read them ({@code sendOnIoThread}): only plain sends that
 * cannot wait. Everything that may create a topic or a CommitLog file, or is large, goes to the send pool.
 */
class SendOnIoThreadTest {
    private static final int FILE_SIZE = 1024 * 1024;

    @TempDir
    Path dir;
    private MessageStore store;
    private TopicConfigTable topics;
    private BrokerConfig config;
    private SendMessageProcessor processor;

    @BeforeEach
    void start() throws Exception {
        config = new BrokerConfig().setBrokerIP1("127.0.0.1").setListenPort(10911);
        store = new MessageStore(new StoreConfig().setStorePathRootDir(dir.resolve("store").toString())
                .setMappedFileSizeCommitLog(FILE_SIZE).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000));
        store.start();
        topics = new TopicConfigTable(dir.resolve("topics.json"), config, Clock.systemUTC());
        topics.load();
        topics.put(TopicConfig.of("Orders", 4, 6));
        topics.put(TopicConfig.of("%RETRY%orders-consumers", 1, 6));
        processor = new SendMessageProcessor(config, topics, store, new BrokerStats());
    }

    @AfterEach
    void stop() {
        store.shutdown();
    }

    private static RemotingCommand v1(String topic, int bodyBytes) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE).putExt("topic", topic).body(new byte[bodyBytes]);
    }

    private static RemotingCommand v2(String topic, int bodyBytes) {
        return RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("b", topic).body(new byte[bodyBytes]);
    }

    @Test
    void plainSendsToAnExistingTopicRunOnTheIoThreadInBothHeaderVersions() {
        // The current CommitLog file must exist: the first append creates it, so the very first send goes to the pool.
        assertThat(processor.runsOnIoThread(v2("Orders", 1024))).isFalse();
        assertThat(store.putMessage(MessageToAppend.of("Orders", 0, new byte[16], "",
                new InetSocketAddress("127.0.0.1", 1))).isOk()).isTrue();
        assertThat(processor.runsOnIoThread(v1("Orders", 1024))).isTrue();
        assertThat(processor.runsOnIoThread(v2("Orders", 1024))).isTrue();
        assertThat(processor.runsOnIoThread(v2("Orders", 256 * 1024))).isTrue();
    }

    @Test
    void whatMayCreateATopicOrAFileOrIsLargeOrABatchGoesToTheSendPool() {
        store.putMessage(MessageToAppend.of("Orders", 0, new byte[16], "", new InetSocketAddress("127.0.0.1", 1)));
        assertThat(processor.runsOnIoThread(v2("NotYetCreated", 1024))).as("auto-creation").isFalse();
        assertThat(processor.runsOnIoThread(v2("%RETRY%orders-consumers", 1024))).as("retry topic").isFalse();
        assertThat(processor.runsOnIoThread(v2("Orders", 256 * 1024 + 1))).as("large body").isFalse();
        assertThat(processor.runsOnIoThread(v2("Orders", 1024).putExt("m", "true"))).as("batch flag").isFalse();
        assertThat(processor.runsOnIoThread(v1("Orders", 1024).putExt("batch", "true"))).as("batch flag").isFalse();
        assertThat(processor.runsOnIoThread(RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE).putExt("b", "Orders")
                .body(new byte[1024]))).as("batch request").isFalse();
        assertThat(processor.runsOnIoThread(RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).body(new byte[8])))
                .as("no topic").isFalse();

        // Fill the 1 MiB file until a 100 KB send would need the next one.
        byte[] chunk = new byte[50 * 1024];
        while (store.appendFitsCurrentFile(100 * 1024 + 64 * 1024)) {
            store.putMessage(MessageToAppend.of("Orders", 0, chunk, "", new InetSocketAddress("127.0.0.1", 1)));
        }
        assertThat(processor.runsOnIoThread(v2("Orders", 100 * 1024))).as("file roll ahead").isFalse();

        config.setSendOnIoThread(false);
        assertThat(processor.runsOnIoThread(v2("Orders", 16))).as("switched off").isFalse();
    }
}
