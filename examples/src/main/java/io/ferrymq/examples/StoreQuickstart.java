package io.ferrymq.examples;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.MessageToAppend;
import io.ferrymq.store.PutResult;
import io.ferrymq.store.QueryResult;
import io.ferrymq.store.SelectedBuffer;
import io.ferrymq.store.StoreConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Quickstart of what FerryMQ runs today: the storage engine every broker stands on. Opens (or recovers)
 * a store in a local folder, appends a few messages durably (SYNC_FLUSH), reads them back from their
 * queue, finds one by key, and shuts down cleanly. Run it twice: the second run continues the queue.
 */
public final class StoreQuickstart {
    private StoreQuickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize();
        StoreConfig config = new StoreConfig()
                .setStorePathRootDir(dataDir.toString())
                .setFlushDiskType(FlushDiskType.SYNC_FLUSH)
                // Small files keep the quickstart's footprint small; production defaults are 1 GiB.
                .setMappedFileSizeCommitLog(16 * 1024 * 1024)
                .setMaxHashSlotNum(10_000)
                .setMaxIndexNum(40_000);
        MessageStore store = new MessageStore(config);
        store.start();
        try {
            InetSocketAddress host = new InetSocketAddress("127.0.0.1", 10911);
            String topic = "QuickstartTopic";
            long firstOffset = store.maxOffsetInQueue(topic, 0);
            for (int i = 0; i < 5; i++) {
                String body = "Hello FerryMQ #" + (firstOffset + i);
                String props = MessageStore.properties(Map.of("KEYS", "order-" + (firstOffset + i), "TAGS", "demo"));
                PutResult r = store.putMessage(MessageToAppend.of(topic, 0, body.getBytes(StandardCharsets.UTF_8),
                        props, host));
                System.out.printf("sent     %-22s status=%s queueOffset=%d commitLogOffset=%d%n", body, r.status(),
                        r.queueOffset(), r.wroteOffset());
            }
            long deadline = System.currentTimeMillis() + 5_000;
            while (store.maxOffsetInQueue(topic, 0) < firstOffset + 5 && System.currentTimeMillis() < deadline) {
                Thread.sleep(1);
            }
            try (GetResult got = store.getMessages(topic, 0, firstOffset, 32, 1 << 20)) {
                for (SelectedBuffer b : got.records()) {
                    DecodedMessage m = MessageRecord.decode(b.buffer(), 0);
                    System.out.printf("received %-22s queueOffset=%d msgId=%s%n",
                            new String(m.body(), StandardCharsets.UTF_8), m.queueOffset(), m.offsetMessageId());
                }
            }
            String key = "order-" + (firstOffset + 2);
            try (QueryResult q = store.queryMessages(topic, key, 1, 0, Long.MAX_VALUE)) {
                for (SelectedBuffer b : q.records()) {
                    System.out.printf("by key   %-22s -> %s%n", key,
                            new String(MessageRecord.decode(b.buffer(), 0).body(), StandardCharsets.UTF_8));
                }
            }
            System.out.printf("queue %s-0 now holds offsets [%d, %d); data in %s%n", topic,
                    store.minOffsetInQueue(topic, 0), store.maxOffsetInQueue(topic, 0), dataDir);
        } finally {
            store.shutdown();
        }
    }
}
