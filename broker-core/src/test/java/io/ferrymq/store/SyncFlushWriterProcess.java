package io.ferrymq.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child-process main for {@link CrashRecoveryTest}: opens a SYNC_FLUSH store and appends from several
 * threads until killed, printing {@code ACK <id> <queueId> <queueOffset>} for every append the store
 * acknowledged. The parent kills it with SIGKILL mid-load.
 */
public final class SyncFlushWriterProcess {
    private SyncFlushWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        StoreConfig config = StoreTestSupport.smallConfig(dir)
                .setMappedFileSizeCommitLog(256 * 1024)
                .setFlushDiskType(FlushDiskType.SYNC_FLUSH);
        MessageStore store = new MessageStore(config);
        store.start();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.US_ASCII);
        out.println("READY");
        AtomicLong ids = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int queueId = t % 4;
            Thread writer = new Thread(() -> {
                java.util.Random random = new java.util.Random(queueId);
                while (true) {
                    long id = ids.getAndIncrement();
                    byte[] body = new byte[16 + random.nextInt(2000)];
                    random.nextBytes(body);
                    byte[] tag = ("id=" + id + ";").getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(tag, 0, body, 0, tag.length);
                    PutResult r = store.putMessage(StoreTestSupport.message("Crash", queueId,
                            java.util.Arrays.copyOf(body, Math.max(body.length, tag.length)),
                            StoreTestSupport.props("KEYS", "id-" + id)));
                    if (r.status() == PutStatus.PUT_OK) {
                        synchronized (out) {
                            out.println("ACK " + id + " " + queueId + " " + r.queueOffset());
                        }
                    }
                }
            }, "writer-" + t);
            writer.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
