package io.ferrymq.benchmarks.jms;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * ActiveMQ Artemis embedded in this JVM ({@link EmbeddedActiveMQ}), with a persistent file journal under the run's
 * directory, a Netty acceptor on 127.0.0.1 and the Jakarta client's {@link ActiveMQConnectionFactory} connecting
 * to it over TCP (not in-VM, so both providers pay for loopback). Durability matches FerryMQ's SYNC_FLUSH: the
 * journal syncs persistent sends before it answers them ({@code journal-sync-non-transactional=true}) and commits
 * ({@code journal-sync-transactional=true}), with {@code journal-datasync=true} (fdatasync). The journal's group
 * commit window ({@code journal-buffer-timeout}) is set the way {@code artemis create} sets it for a new broker:
 * to the time this disk takes for one 4 KiB write plus sync, measured in the journal directory (option
 * {@code artemisBufferTimeoutNanos}; the embedded default would be 3.33 ms for NIO, 0.5 ms for ASYNCIO).
 */
final class ArtemisProvider implements BenchProvider {
    private EmbeddedActiveMQ embedded;
    private ActiveMQConnectionFactory factory;
    private final List<String> settings = new ArrayList<>();

    @Override
    public void start(Path dir, JmsOptions options) throws Exception {
        Path data = Files.createDirectories(dir.resolve("artemis"));
        Path journal = Files.createDirectories(data.resolve("journal"));
        JournalType type = journalType(options.get("artemisJournalType"), journal);
        String timeoutOption = options.get("artemisBufferTimeoutNanos");
        int bufferTimeout;
        String timeoutSource;
        if (timeoutOption.equals("auto")) {
            bufferTimeout = (int) Math.max(1_000, syncNanos(journal));
            timeoutSource = "measured like `artemis create`: best of 3 × 1 000 4 KiB writes + fdatasync in the journal"
                    + " directory";
        } else {
            bufferTimeout = Integer.parseInt(timeoutOption);
            timeoutSource = "given";
        }
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            port = s.getLocalPort();
        }
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(type)
                .setJournalDirectory(journal.toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .setJournalSyncNonTransactional(true)
                .setJournalSyncTransactional(true)
                .setJournalDatasync(true)
                .setJournalBufferTimeout_NIO(bufferTimeout)
                .setJournalBufferTimeout_AIO(bufferTimeout)
                .addAcceptorConfiguration("netty", "tcp://127.0.0.1:" + port);
        embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(config);
        embedded.start();
        factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        boolean blockNonDurable = options.bool("artemisBlockOnNonDurableSend");
        factory.setBlockOnNonDurableSend(blockNonDurable);

        Configuration c = embedded.getActiveMQServer().getConfiguration();
        settings.add("broker: Apache ActiveMQ Artemis " + embedded.getActiveMQServer().getVersion().getFullVersion()
                + " embedded, persistence-enabled=" + c.isPersistenceEnabled() + ", journal-type=" + c.getJournalType()
                + (c.getJournalType() == JournalType.NIO && !AIOSequentialFileFactory.isSupported()
                        ? " (ASYNCIO is not available here: libaio or Artemis' JNI wrapper cannot be loaded)" : "")
                + ", journal-sync-non-transactional=" + c.isJournalSyncNonTransactional()
                + ", journal-sync-transactional=" + c.isJournalSyncTransactional()
                + ", journal-datasync=" + c.isJournalDatasync()
                + ", journal-buffer-timeout=" + (type == JournalType.ASYNCIO ? c.getJournalBufferTimeout_AIO()
                        : c.getJournalBufferTimeout_NIO()) + " ns (" + timeoutSource + ")"
                + ", journal-file-size=" + c.getJournalFileSize() + ", journal-min-files=" + c.getJournalMinFiles()
                + ", journal-pool-files=" + c.getJournalPoolFiles()
                + ", global-max-size=" + c.getGlobalMaxSize() + " (-1 = half the heap; then paging)"
                + ", security off, acceptor tcp://127.0.0.1 (Netty); everything else at its default");
        settings.add("client: jakarta ActiveMQConnectionFactory(tcp://127.0.0.1:port), blockOnDurableSend="
                + factory.isBlockOnDurableSend() + ", blockOnNonDurableSend=" + factory.isBlockOnNonDurableSend()
                + (blockNonDurable ? "" : " (Artemis' default: a non-persistent send returns without waiting for the"
                        + " broker)")
                + ", blockOnAcknowledge=" + factory.isBlockOnAcknowledge() + ", consumerWindowSize="
                + factory.getConsumerWindowSize() + ", producerWindowSize=" + factory.getProducerWindowSize()
                + ", dupsOKBatchSize/transactionBatchSize=" + factory.getDupsOKBatchSize() + "/"
                + factory.getTransactionBatchSize() + "; everything else at its default");
    }

    private static JournalType journalType(String option, Path journal) {
        return switch (option) {
            case "NIO" -> JournalType.NIO;
            case "ASYNCIO" -> JournalType.ASYNCIO;
            case "auto" -> AIOSequentialFileFactory.isSupported(journal.toFile()) ? JournalType.ASYNCIO : JournalType.NIO;
            default -> throw new IllegalArgumentException("artemisJournalType must be auto, NIO or ASYNCIO: " + option);
        };
    }

    /**
     * Nanoseconds per 4 KiB sequential write + {@code force(false)} (fdatasync) on a fresh file in {@code dir}:
     * the best average of three tries of 1 000 writes each.
     */
    static long syncNanos(Path dir) throws IOException {
        Path file = dir.resolve("sync-probe.tmp");
        ByteBuffer block = ByteBuffer.allocateDirect(4096);
        long best = Long.MAX_VALUE;
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Files.deleteIfExists(file);
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 1_000; i++) {
                        block.clear();
                        while (block.hasRemaining()) {
                            ch.write(block);
                        }
                        ch.force(false);
                    }
                    best = Math.min(best, (System.nanoTime() - t0) / 1_000);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return best;
    }

    @Override
    public ConnectionFactory connectionFactory() {
        return factory;
    }

    @Override
    public List<String> settings() {
        return settings;
    }

    /**
     * Drops the queue and whatever it still holds, so that unconsumed messages do not fill the heap; notes whether
     * the address had started paging (its messages no longer fitting in global-max-size).
     */
    @Override
    public String discard(String queue) throws Exception {
        ActiveMQServer server = embedded.getActiveMQServer();
        Queue q = server.locateQueue(SimpleString.of(queue));
        if (q == null) {
            return "";
        }
        boolean paging = q.getPagingStore() != null && q.getPagingStore().isPaging();
        long held = q.getMessageCount();
        q.deleteAllReferences();
        server.destroyQueue(SimpleString.of(queue));
        return paging ? "Artemis was paging (" + held + " messages held)" : "";
    }

    @Override
    public void close() throws Exception {
        if (factory != null) {
            factory.close();
        }
        if (embedded != null) {
            embedded.stop();
        }
    }
}
