package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution as a user runs it: bin/mqnamesrv and bin/mqbroker -c in their own JVMs, traffic through
 * them, bin/mqshutdown stopping both cleanly.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DistributionScriptsTest {
    @TempDir
    Path dir;

    @Test
    void startScriptsRunANameserverAndBrokerThatServeClientsAndShutDownCleanly() throws Exception {
        int namesrvPort = NodeProcess.freePort();
        int brokerPort = NodeProcess.freePort();
        Path namesrvConf = dir.resolve("namesrv-" + namesrvPort + ".properties");
        Files.writeString(namesrvConf, "listenPort=" + namesrvPort + "\nbindAddress=127.0.0.1\n");
        Path brokerConf = dir.resolve("broker-" + brokerPort + ".conf");
        Files.writeString(brokerConf, String.join("\n",
                "brokerClusterName=DefaultCluster", "brokerName=broker-dist", "brokerId=0",
                "namesrvAddr=127.0.0.1:" + namesrvPort, "listenPort=" + brokerPort, "brokerIP1=127.0.0.1",
                "bindAddress=127.0.0.1", "storePathRootDir=" + dir.resolve("store"), "flushDiskType=SYNC_FLUSH",
                "mappedFileSizeCommitLog=67108864", "maxHashSlotNum=10000", "maxIndexNum=40000",
                "thisKeyDoesNotExist=1", ""));
        String namesrvAddr = "127.0.0.1:" + namesrvPort;
        try (NodeProcess namesrv = NodeProcess.start(dir.resolve("namesrv.log"), "mqnamesrv", "-c", namesrvConf.toString());
             NodeProcess broker = NodeProcess.start(dir.resolve("broker.log"), "mqbroker", "-c", brokerConf.toString())) {
            try (AdminClient admin = new AdminClient(new ClientConfig().setNamesrvAddr(namesrvAddr).setInstanceName("dist-admin"))) {
                admin.start();
                long deadline = System.nanoTime() + 90_000_000_000L;
                while (System.nanoTime() < deadline) {
                    try {
                        if (admin.clusterInfo().containsKey("broker-dist")) {
                            break;
                        }
                    } catch (Exception notUpYet) {
                        // the nameserver JVM is still starting
                    }
                    Thread.sleep(200);
                }
                assertThat(admin.clusterInfo()).as("broker registered; logs:\n%s\n%s", namesrv.output(), broker.output())
                        .containsKey("broker-dist");
            }
            assertThat(broker.output()).contains("FMQ-CFG-001").contains("thisKeyDoesNotExist");

            Set<String> received = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(10);
            try (Producer producer = new Producer("dist-pg", new ClientConfig().setNamesrvAddr(namesrvAddr).setInstanceName("dist-p"));
                 PushConsumer consumer = new PushConsumer("dist-cg", new ClientConfig().setNamesrvAddr(namesrvAddr)
                         .setInstanceName("dist-c"))) {
                producer.start();
                for (int i = 0; i < 10; i++) {
                    producer.send(new Message("DistTopic", ("hello-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                consumer.subscribe("DistTopic", "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                        .setListener(m -> {
                            if (received.add(new String(m.body(), StandardCharsets.UTF_8))) {
                                done.countDown();
                            }
                            return MessageListener.Result.SUCCESS;
                        });
                consumer.start();
                assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(received).hasSize(10);

            assertThat(NodeProcess.run("mqshutdown", "broker", brokerConf.toString())).isZero();
            assertThat(broker.awaitExit(30)).isTrue();
            assertThat(NodeProcess.run("mqshutdown", "namesrv", namesrvConf.toString())).isZero();
            assertThat(namesrv.awaitExit(30)).isTrue();
            assertThat(broker.output()).contains("FMQ-STORE-002");
            assertThat(dir.resolve("store").resolve("abort")).as("clean shutdown removes the abort file").doesNotExist();
        }
    }
}
