package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Small stores in temp dirs and helpers to read whole queues back. */
final class StoreTestSupport {
    static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreTestSupport() {
    }

    /** Tiny files so tests roll over often: 64 KiB commit log files, 100-entry consume queue files. */
    static StoreConfig smallConfig(Path dir) {
        return new StoreConfig()
                .setStorePathRootDir(dir.toString())
                .setMappedFileSizeCommitLog(64 * 1024)
                .setMappedFileSizeConsumeQueue(100 * 20)
                .setMaxHashSlotNum(1_000)
                .setMaxIndexNum(4_000)
                .setFlushIntervalCommitLog(10)
                .setFlushIntervalConsumeQueue(20)
                .setMaxMessageSize(16 * 1024);
    }

    static MessageToAppend message(String topic, int queueId, byte[] body, Map<String, String> props) {
        return MessageToAppend.of(topic, queueId, body, MessageStore.properties(props), HOST);
    }

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * The files under a store's {@code commitlog} directory with log names, oldest first. A running store may have
     * one more than its log holds (the next file, opened ahead of time) and a {@code .creating} one on its way;
     * the latter never shows here, the former does.
     */
    static List<Path> commitLogFiles(Path storeRoot) throws IOException {
        try (Stream<Path> s = Files.list(storeRoot.resolve("commitlog"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d{20}")).sorted().toList();
        }
    }

    /** Waits until the dispatcher has built consume queues for everything appended. */
    static void awaitDispatched(MessageStore store) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.dispatchedOffset() < store.commitLogMaxOffset()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("dispatcher stuck at " + store.dispatchedOffset() + " of "
                        + store.commitLogMaxOffset());
            }
            Thread.sleep(1);
        }
    }

    /** Reads a queue from its min offset to its end, validating every record including its CRC. */
    static List<DecodedMessage> readQueue(MessageStore store, String topic, int queueId) {
        List<DecodedMessage> out = new ArrayList<>();
        long offset = store.minOffsetInQueue(topic, queueId);
        while (true) {
            try (GetResult r = store.getMessages(topic, queueId, offset, 32, 256 * 1024)) {
                if (r.status() != GetStatus.FOUND && r.status() != GetStatus.OFFSET_FOUND_NULL) {
                    return out;
                }
                for (SelectedBuffer b : r.records()) {
                    MessageRecord.Check check = MessageRecord.validate(b.buffer(), 0, b.size(), b.startOffset(), true);
                    if (check.kind() != MessageRecord.Kind.RECORD || check.size() != b.size()) {
                        throw new AssertionError("corrupt record served at " + b.startOffset() + ": " + check);
                    }
                    out.add(MessageRecord.decode(b.buffer(), 0));
                }
                offset = r.nextBeginOffset();
            }
        }
    }
}
