package io.ferrymq.examples;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.client.SendResult;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.store.FlushDiskType;
import io.ferrymq.store.StoreConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The quickstart: a local FerryMQ cluster (one nameserver, one master broker, data in a local folder)
 * and a producer and a push consumer through it, printing what was sent and received. Ports are picked
 * free, so it runs next to anything else; run it again and the broker recovers its data.
 */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "ferrymq-data").toAbsolutePath().normalize();
        NameServer namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        namesrv.start();
        String namesrvAddr = "127.0.0.1:" + namesrv.port();
        BrokerController broker = new BrokerController(
                new BrokerConfig().setBrokerName("broker-a").setBrokerIP1("127.0.0.1").setBindAddress("127.0.0.1")
                        .setListenPort(0).setNamesrvAddr(namesrvAddr),
                new StoreConfig().setStorePathRootDir(data.resolve("broker-a").toString())
                        .setFlushDiskType(FlushDiskType.SYNC_FLUSH)
                        // Small files keep the quickstart light; the production default is 1 GiB.
                        .setMappedFileSizeCommitLog(64 * 1024 * 1024).setMaxHashSlotNum(10_000).setMaxIndexNum(40_000));
        broker.start();
        System.out.printf("FerryMQ running: nameserver %s, broker %s, data in %s%n", namesrvAddr,
                broker.config().brokerAddr(), data);
        while (namesrv.routes().route("TBW102") == null) {
            Thread.sleep(20);
        }

        int count = 5;
        CountDownLatch received = new CountDownLatch(count);
        ClientConfig client = new ClientConfig().setNamesrvAddr(namesrvAddr);
        try (Producer producer = new Producer("QuickstartProducer", client);
             PushConsumer consumer = new PushConsumer("QuickstartConsumer", new ClientConfig().setNamesrvAddr(namesrvAddr)
                     .setInstanceName("quickstart-consumer"))) {
            producer.start();
            consumer.subscribe("QuickstartTopic", "*")
                    .setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_LAST_OFFSET)
                    .setListener(m -> {
                        System.out.printf("received %-24s from %s queue %d offset %d%n",
                                new String(m.body(), StandardCharsets.UTF_8), m.queue().brokerName(),
                                m.queue().queueId(), m.queueOffset());
                        received.countDown();
                        return MessageListener.Result.SUCCESS;
                    });
            // Create the topic first so the consumer, starting at the end of each queue, sees every message.
            producer.send(new Message("QuickstartTopic", "warm-up".getBytes(StandardCharsets.UTF_8)));
            consumer.start();
            for (int i = 0; i < count; i++) {
                String body = "Hello FerryMQ " + i;
                SendResult r = producer.send(new Message("QuickstartTopic", "TagA", "order-" + i,
                        body.getBytes(StandardCharsets.UTF_8)));
                System.out.printf("sent     %-24s %s to queue %d offset %d%n", body, r.status(), r.queue().queueId(),
                        r.queueOffset());
            }
            if (!received.await(30, TimeUnit.SECONDS)) {
                System.out.println("Not every message arrived within 30 s: see the log above.");
            }
        } finally {
            broker.shutdown();
            namesrv.shutdown();
        }
        System.out.println("Done: the broker shut down cleanly; its data stays in " + data);
    }
}
