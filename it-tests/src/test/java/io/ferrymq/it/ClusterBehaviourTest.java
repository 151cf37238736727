package io.ferrymq.it;

import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.SendResult;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.PullMessageRequestHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cluster-level behaviour of the single-master design: restarts, several nameservers and masters, config switches. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterBehaviourTest {

    @Test
    void committedOffsetsAndTopicsSurviveABrokerRestart() throws Exception {
        try (LocalCluster cluster = LocalCluster.start()) {
            ClientConfig config = new ClientConfig().setNamesrvAddr(cluster.namesrvAddr());
            MessageQueue mq;
            try (Producer producer = new Producer("restart-pg", config.setInstanceName("rp"));
                 PullConsumer consumer = new PullConsumer("restart-cg", new ClientConfig()
                         .setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("rc"))) {
                producer.start();
                consumer.start();
                for (int i = 0; i < 10; i++) {
                    producer.send(new Message("RestartTopic", ("r" + i).getBytes()));
                }
                mq = consumer.queuesOf("RestartTopic").get(0);
                consumer.assign(List.of(mq));
                consumer.seek(mq, 2);
                consumer.commitSync();
            }
            cluster.stopBroker("broker-a");
            cluster.restartBroker("broker-a");
            try (PullConsumer consumer = new PullConsumer("restart-cg", new ClientConfig()
                    .setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("rc2"))) {
                consumer.start();
                assertThat(consumer.queuesOf("RestartTopic")).contains(mq);
                assertThat(consumer.committed(mq)).isEqualTo(2);
            }
        }
    }

    @Test
    void withoutAutoCreationUnknownTopicsAndGroupsAreRefusedClearly() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().autoCreateTopic(false).autoCreateGroup(false).start();
             Producer producer = new Producer("noauto-pg", new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()))) {
            producer.start();
            assertThatThrownBy(() -> producer.send(new Message("NoSuchTopic", "x".getBytes())))
                    .isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));

            NettyRemotingClient raw = new NettyRemotingClient(new RemotingConfig());
            try {
                PullMessageRequestHeader h = new PullMessageRequestHeader();
                h.consumerGroup = "UnknownGroup";
                h.topic = "SELF_TEST_TOPIC";
                h.queueId = 0;
                h.queueOffset = 0L;
                h.maxMsgNums = 1;
                h.sysFlag = 4;
                h.commitOffset = 0L;
                h.suspendTimeoutMillis = 0L;
                h.subVersion = 0L;
                h.subscription = "*";
                RemotingCommand r = raw.invokeSync(cluster.brokerAddr(), RemotingCommand.request(RequestCode.PULL_MESSAGE)
                        .header(h), 3_000);
                assertThat(r.code()).isEqualTo(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST);
                assertThat(r.remark()).contains("UnknownGroup");
            } finally {
                raw.shutdown();
            }
        }
    }

    @Test
    void clientsKeepWorkingWhenOneOfTwoNameserversDies() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().namesrvs(2).start();
             Producer producer = new Producer("ns-pg", new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()))) {
            producer.start();
            // Both nameservers know the broker independently.
            assertThat(cluster.namesrv(0).routes().clusterInfo().brokers()).containsKey("broker-a");
            assertThat(cluster.namesrv(1).routes().clusterInfo().brokers()).containsKey("broker-a");
            producer.send(new Message("NsTopic1", "before".getBytes()));
            cluster.namesrv(0).shutdown();
            // A topic the client never looked up needs a nameserver: the surviving one answers.
            assertThat(producer.send(new Message("NsTopic2", "after".getBytes())).status())
                    .isEqualTo(SendResult.SendStatus.SEND_OK);
        }
    }

    @Test
    void aProducerSpreadsOverMastersAndMovesOffOneThatStops() throws Exception {
        try (LocalCluster cluster = LocalCluster.builder().broker("broker-a").broker("broker-b").start();
             Producer producer = new Producer("two-pg", new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()))) {
            producer.start();
            // Created ahead on both masters: an auto-created topic lives only where its first messages landed.
            try (AdminClient admin = new AdminClient(new ClientConfig().setNamesrvAddr(cluster.namesrvAddr())
                    .setInstanceName("two-admin"))) {
                admin.start();
                admin.createTopic("DefaultCluster", "TwoMasters", 4);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (cluster.namesrv.routes().route("TwoMasters") == null
                        || cluster.namesrv.routes().route("TwoMasters").queueDatas().size() < 2) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            Set<String> brokersUsed = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                brokersUsed.add(producer.send(new Message("TwoMasters", ("m" + i).getBytes())).queue().brokerName());
            }
            assertThat(brokersUsed).containsExactlyInAnyOrder("broker-a", "broker-b");
            cluster.stopBroker("broker-b");
            // The client's route still names broker-b: its sends fail over to broker-a, none is lost. Asynchronous
            // ones first, while broker-b is not yet known to be down: those sent there fail and are sent again.
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                async.add(producer.sendAsync(new Message("TwoMasters", ("async" + i).getBytes())));
            }
            for (CompletableFuture<SendResult> f : async) {
                assertThat(f.get(10, TimeUnit.SECONDS).queue().brokerName()).isEqualTo("broker-a");
            }
            for (int i = 0; i < 40; i++) {
                SendResult r = producer.send(new Message("TwoMasters", ("after" + i).getBytes()));
                assertThat(r.queue().brokerName()).isEqualTo("broker-a");
            }
        }
    }
}
