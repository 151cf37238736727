package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static io.ferrymq.store.StoreTestSupport.awaitDispatched;
import static io.ferrymq.store.StoreTestSupport.commitLogFiles;
import static io.ferrymq.store.StoreTestSupport.message;
import static io.ferrymq.store.StoreTestSupport.props;
import static io.ferrymq.store.StoreTestSupport.readQueue;
import static io.ferrymq.store.StoreTestSupport.smallConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Master and slave stores in one JVM, replicating over real loopback TCP: byte-for-byte copies across file
 * rolls, consume queues built on the slave, SYNC_MASTER acknowledgement rules, catch-up after a slave restart,
 * and no partial record ever served by a slave.
 */
class ReplicationTest {
    @TempDir
    Path dir;
    private final List<MessageStore> open = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (MessageStore s : open) {
            s.shutdown();
        }
    }

    private MessageStore start(StoreConfig config) throws IOException {
        MessageStore s = new MessageStore(config);
        s.start();
        open.add(s);
        return s;
    }

    private void stop(MessageStore s) {
        s.shutdown();
        open.remove(s);
    }

    private StoreConfig masterConfig(BrokerRole role) {
        // 4 KiB chunks: most chunks end inside a record, so the slave must wait for the rest of it.
        return smallConfig(dir.resolve("master")).setBrokerRole(role).setHaListenPort(0).setHaBindAddress("127.0.0.1")
                .setHaTransferBatchSize(4096).setSyncFlushTimeout(3_000);
    }

    private StoreConfig slaveConfig(MessageStore master) {
        return smallConfig(dir.resolve("slave")).setBrokerRole(BrokerRole.SLAVE)
                .setHaMasterAddress("127.0.0.1:" + master.haListenPort()).setHaReconnectInterval(200);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    private static void awaitCaughtUp(MessageStore master, MessageStore slave) throws InterruptedException {
        await("slave to reach " + master.commitLogMaxOffset(),
                () -> slave.commitLogMaxOffset() == master.commitLogMaxOffset());
        awaitDispatched(slave);
    }

    private static List<String> bodies(List<DecodedMessage> messages) {
        return messages.stream().map(m -> new String(m.body())).toList();
    }


    @Test
    void aSlaveCopiesTheCommitLogByteForByteAndBuildsItsOwnConsumeQueues() throws Exception {
        MessageStore master = start(masterConfig(BrokerRole.ASYNC_MASTER));
        MessageStore slave = start(slaveConfig(master));
        Random random = new Random(42);
        for (int i = 0; i < 600; i++) {
            byte[] body = new byte[1 + random.nextInt(3000)];
            random.nextBytes(body);
            System.arraycopy(("m" + i + ";").getBytes(), 0, body, 0, Math.min(body.length, ("m" + i + ";").length()));
            assertThat(master.putMessage(message("R", i % 4, body, props("KEYS", "key-" + i))).status())
                    .isEqualTo(PutStatus.PUT_OK);
        }
        awaitCaughtUp(master, slave);
        awaitDispatched(master);

        // The files of each log; each store may also have its next file open ahead of time, each at its own pace.
        List<Path> masterFiles = commitLogFiles(dir.resolve("master")).subList(0, master.commitLogFileCount());
        List<Path> slaveFiles = commitLogFiles(dir.resolve("slave")).subList(0, slave.commitLogFileCount());
        assertThat(masterFiles).hasSizeGreaterThan(10);
        assertThat(slaveFiles.stream().map(p -> p.getFileName().toString()))
                .containsExactlyElementsOf(masterFiles.stream().map(p -> p.getFileName().toString()).toList());
        for (int i = 0; i < masterFiles.size(); i++) {
            assertThat(Files.readAllBytes(slaveFiles.get(i))).as(slaveFiles.get(i).toString())
                    .isEqualTo(Files.readAllBytes(masterFiles.get(i)));
        }
        for (int q = 0; q < 4; q++) {
            List<DecodedMessage> fromSlave = readQueue(slave, "R", q);
            assertThat(fromSlave).hasSize(150);
            assertThat(fromSlave.stream().map(DecodedMessage::queueOffset).toList())
                    .isEqualTo(readQueue(master, "R", q).stream().map(DecodedMessage::queueOffset).toList());
        }
        try (QueryResult found = slave.queryMessages("R", "key-321", 10, 0, Long.MAX_VALUE)) {
            assertThat(found.records()).hasSize(1);
        }
        assertThat(master.slaveHeldOffset()).isEqualTo(master.commitLogMaxOffset());
        assertThat(slave.masterOffsetSeen()).isEqualTo(master.commitLogMaxOffset());
    }

    @Test
    void aSlaveNeverServesPartOfARecordWhileChunksArrive() throws Exception {
        MessageStore master = start(masterConfig(BrokerRole.ASYNC_MASTER));
        MessageStore slave = start(slaveConfig(master));
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    // readQueue validates every served record, CRC included, and fails on a torn one.
                    List<DecodedMessage> seen = readQueue(slave, "P", 0);
                    for (int i = 0; i < seen.size(); i++) {
                        if (seen.get(i).queueOffset() != i) {
                            problems.add("offset " + seen.get(i).queueOffset() + " at position " + i);
                        }
                    }
                } catch (AssertionError | RuntimeException e) {
                    problems.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 0; i < 400; i++) {
            master.putMessage(message("P", 0, new byte[1500 + i % 700], props()));
        }
        awaitCaughtUp(master, slave);
        done.set(true);
        reader.join();
        assertThat(problems).isEmpty();
        assertThat(readQueue(slave, "P", 0)).hasSize(400);
    }

    @Test
    void aSyncMasterAcknowledgesOnlyWhatASlaveHolds() throws Exception {
        MessageStore master = start(masterConfig(BrokerRole.SYNC_MASTER).setFlushDiskType(FlushDiskType.SYNC_FLUSH));

        PutResult alone = master.putMessage(message("S", 0, "no slave yet".getBytes(), props()));
        assertThat(alone.status()).isEqualTo(PutStatus.SLAVE_NOT_AVAILABLE);
        assertThat(alone.isAppended()).isTrue();
        assertThat(alone.detail()).contains("no slave");

        MessageStore slave = start(slaveConfig(master));
        await("the slave to connect and report", () -> master.slaveHeldOffset() == master.commitLogMaxOffset());
        for (int i = 0; i < 50; i++) {
            PutResult r = master.putMessage(message("S", 0, ("with slave " + i).getBytes(), props()));
            assertThat(r.status()).isEqualTo(PutStatus.PUT_OK);
            // Acknowledged means the slave had it when the answer was given.
            assertThat(slave.commitLogMaxOffset()).isGreaterThanOrEqualTo(r.nextOffset());
        }
        awaitDispatched(slave);
        assertThat(bodies(readQueue(slave, "S", 0))).hasSize(51).startsWith("no slave yet", "with slave 0");
    }

    @Test
    void aSlaveThatStopsReportingMakesSyncSendsTimeOutButKeepsThem() throws Exception {
        MessageStore master = start(masterConfig(BrokerRole.SYNC_MASTER).setSyncFlushTimeout(300));
        master.putMessage(message("T", 0, "before".getBytes(), props()));
        try (SocketChannel silentSlave = SocketChannel.open(new InetSocketAddress("127.0.0.1", master.haListenPort()))) {
            // The protocol's first report: "I hold nothing". Then it reads nothing and reports nothing more.
            ByteBuffer report = ByteBuffer.allocate(8).putLong(0, 0L);
            while (report.hasRemaining()) {
                silentSlave.write(report);
            }
            await("the master to see the slave", () -> master.connectedSlaves() == 1 && master.slaveHeldOffset() == 0);

            PutResult r = master.putMessage(message("T", 0, "unconfirmed".getBytes(), props()));
            assertThat(r.status()).isEqualTo(PutStatus.FLUSH_SLAVE_TIMEOUT);
            assertThat(r.isAppended()).isTrue();
            assertThat(r.detail()).contains("syncFlushTimeout");
        }
        awaitDispatched(master);
        assertThat(bodies(readQueue(master, "T", 0))).containsExactly("before", "unconfirmed");
    }

    @Test
    void aRestartedSlaveCatchesUpFromWhereItStopped() throws Exception {
        MessageStore master = start(masterConfig(BrokerRole.ASYNC_MASTER));
        MessageStore slave = start(slaveConfig(master));
        for (int i = 0; i < 100; i++) {
            master.putMessage(message("C", 0, ("first " + i).getBytes(), props()));
        }
        awaitCaughtUp(master, slave);
        long stoppedAt = slave.commitLogMaxOffset();
        stop(slave);

        for (int i = 0; i < 200; i++) {
            master.putMessage(message("C", 0, ("while down " + i + " " + "x".repeat(900)).getBytes(), props()));
        }
        long minBefore;
        slave = start(slaveConfig(master));
        minBefore = slave.commitLogMinOffset();
        assertThat(slave.commitLogMaxOffset()).isEqualTo(stoppedAt);
        awaitCaughtUp(master, slave);
        assertThat(slave.commitLogMinOffset()).isEqualTo(minBefore);
        List<String> all = bodies(readQueue(slave, "C", 0));
        assertThat(all).hasSize(300);
        assertThat(all.get(99)).isEqualTo("first 99");
        assertThat(all.get(100)).startsWith("while down 0 ");
    }

    @Test
    void aSlaveWithDataItsMasterDoesNotHaveIsRefusedAndKeepsItsData() throws Exception {
        MessageStore other = start(masterConfig(BrokerRole.ASYNC_MASTER).setStorePathRootDir(dir.resolve("other").toString()));
        MessageStore slave = start(smallConfig(dir.resolve("slave")).setBrokerRole(BrokerRole.SLAVE)
                .setHaMasterAddress("127.0.0.1:" + other.haListenPort()).setHaReconnectInterval(200));
        for (int i = 0; i < 200; i++) {
            other.putMessage(message("D", 0, ("old " + i).getBytes(), props()));
        }
        awaitCaughtUp(other, slave);
        long held = slave.commitLogMaxOffset();
        stop(slave);

        MessageStore master = start(masterConfig(BrokerRole.ASYNC_MASTER));
        master.putMessage(message("D", 0, "a new, shorter log".getBytes(), props()));
        slave = start(slaveConfig(master));
        Thread.sleep(500); // several reconnect attempts (200 ms apart), each refused by the master
        assertThat(slave.commitLogMaxOffset()).isEqualTo(held);
        assertThat(master.slaveHeldOffset()).isEqualTo(-1);
        assertThat(readQueue(slave, "D", 0)).hasSize(200);
    }
}
