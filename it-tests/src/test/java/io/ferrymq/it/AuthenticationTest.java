package io.ferrymq.it;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.client.AdminClient;
import io.ferrymq.client.ClientAuthenticationException;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.CredentialsCheck;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.MessagingClient;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PullConsumer;
import io.ferrymq.client.ReceivedMessage;
import io.ferrymq.client.impl.ClientInstance;
import io.ferrymq.namesrv.NameServer;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.auth.AclSignature;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.SerializeType;
import io.ferrymq.store.BrokerRole;
import io.ferrymq.store.StoreConfig;
import io.ferrymq.txchecker.TxCheckerConfig;
import io.ferrymq.txchecker.service.TxCheckerService;
import io.ferrymq.txchecker.service.TxCheckerServiceConfig;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.RPCHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A broker with {@code aclEnable=true}: FerryMQ's client and the official RocketMQ client with its
 * {@code AclClientRPCHook} are served with right credentials and refused, with a clear reason, without them or with
 * wrong ones, while the broker and the refused connection go on serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthenticationTest {
    private static final String ALICE = "alice";
    private static final String ALICE_SECRET = "alice-secret-1";
    private static final String BOB = "bob";
    private static final String BOB_SECRET = "bob-secret-2";
    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.builder().users(users(Map.of())).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, String> users(Map<String, String> more) {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(ALICE, ALICE_SECRET);
        users.put(BOB, BOB_SECRET);
        users.putAll(more);
        return users;
    }

    private static ClientConfig config(String accessKey, String secretKey) {
        return new ClientConfig().setNamesrvAddr(cluster.namesrvAddr())
                .setInstanceName("acl-" + RUN + "-" + INSTANCES.incrementAndGet()).setCredentials(accessKey, secretKey);
    }

    private static String text(ReceivedMessage m) {
        return new String(m.body(), StandardCharsets.UTF_8);
    }

    @Test
    void rightCredentialsSendAndPullWithFerryMqsClient() throws Exception {
        CredentialsCheck.verify(config(ALICE, ALICE_SECRET));
        CredentialsCheck.verify(config(BOB, BOB_SECRET));
        try (MessagingClient shared = new MessagingClient(config(ALICE, ALICE_SECRET))) {
            shared.verifyCredentials();
            shared.start();
            assertThat(shared.newProducer("AclPG-shared").send(new io.ferrymq.client.Message("AclShared", "s".getBytes()))
                    .status()).isEqualTo(io.ferrymq.client.SendResult.SendStatus.SEND_OK);
        }
        try (MessagingClient wrong = new MessagingClient(config(BOB, ALICE_SECRET))) {
            assertThatThrownBy(wrong::verifyCredentials).isInstanceOf(ClientAuthenticationException.class)
                    .hasMessageContaining("FMQ-BROKER-303");
        }

        String topic = "AclNativePull";
        try (AdminClient admin = new AdminClient(config(BOB, BOB_SECRET));
             Producer producer = new Producer("AclPG-native", config(ALICE, ALICE_SECRET));
             PullConsumer consumer = new PullConsumer("AclCG-native", config(BOB, BOB_SECRET))) {
            admin.start();
            producer.start();
            consumer.start();
            admin.createTopic("DefaultCluster", topic, 1);
            // The broker tells the nameserver behind the call; sending earlier would route by TBW102's queues.
            long routed = System.nanoTime() + 10_000_000_000L;
            while (cluster.namesrv.routes().route(topic) == null) {
                assertThat(System.nanoTime()).as("route of " + topic).isLessThan(routed);
                Thread.sleep(20);
            }
            for (int i = 0; i < 5; i++) {
                assertThat(producer.send(new io.ferrymq.client.Message(topic, ("m" + i).getBytes())).status())
                        .isEqualTo(io.ferrymq.client.SendResult.SendStatus.SEND_OK);
            }
            MessageQueue mq = consumer.queuesOf(topic).get(0);
            consumer.assign(List.of(mq));
            List<String> got = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(1_000).forEach(m -> got.add(text(m)));
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
            consumer.commitSync();
            assertThat(consumer.committed(mq)).isEqualTo(5);
        }
    }

    @Test
    void wrongSecretUnknownKeyAndNoCredentialsAreRefusedWithDistinctReasons() throws Exception {
        assertThatThrownBy(() -> CredentialsCheck.verify(config(ALICE, "not-alice-secret")))
                .isInstanceOf(ClientAuthenticationException.class)
                .hasMessageContaining("FMQ-CLIENT-400").hasMessageContaining("FMQ-BROKER-303")
                .hasMessageContaining("'alice'").hasMessageNotContaining("not-alice-secret")
                .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.NO_PERMISSION));
        assertThatThrownBy(() -> CredentialsCheck.verify(config("mallory", ALICE_SECRET)))
                .isInstanceOf(ClientAuthenticationException.class).hasMessageContaining("FMQ-BROKER-302")
                .hasMessageContaining("'mallory'");
        assertThatThrownBy(() -> CredentialsCheck.verify(config(null, null)))
                .isInstanceOf(ClientAuthenticationException.class).hasMessageContaining("FMQ-BROKER-301")
                .hasMessageContaining("without credentials");

        // An ordinary call with wrong credentials fails with the broker's reason; the broker keeps serving others.
        try (Producer wrong = new Producer("AclPG-wrong", config(ALICE, "not-alice-secret"));
             Producer right = new Producer("AclPG-right", config(ALICE, ALICE_SECRET))) {
            wrong.start();
            right.start();
            ClientException refused = (ClientException) catchThrowable(
                    () -> wrong.send(new io.ferrymq.client.Message("AclRefused", "x".getBytes())));
            assertThat(refused).isNotNull().hasMessageContaining("FMQ-BROKER-303");
            assertThat(refused.responseCode()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(right.send(new io.ferrymq.client.Message("AclRefused", "y".getBytes())).status())
                    .isEqualTo(io.ferrymq.client.SendResult.SendStatus.SEND_OK);
        }
    }

    @Test
    void theAdminToolAndTheTransactionCheckerSignWithTheirConfiguredCredentials(@TempDir Path db) throws Exception {
        // mqadmin takes the credentials from the environment, never from its arguments.
        String[] list = {"halfMessageList", "-n", cluster.namesrvAddr(), "-g", "AclNoSuchGroup"};
        StringBuilder out = new StringBuilder();
        assertThat(MqAdminCli.run(Map.of(), out, list)).as(out::toString).isEqualTo(1);
        assertThat(out).contains("FMQ-TOOLS-003").contains("FMQ-BROKER-301");
        out.setLength(0);
        assertThat(MqAdminCli.run(Map.of("FERRYMQ_ACCESS_KEY", ALICE, "FERRYMQ_SECRET_KEY", "not-alice-secret"), out, list))
                .as(out::toString).isEqualTo(1);
        assertThat(out).contains("FMQ-BROKER-303").doesNotContain("not-alice-secret");
        out.setLength(0);
        assertThat(MqAdminCli.run(Map.of("FERRYMQ_ACCESS_KEY", ALICE, "FERRYMQ_SECRET_KEY", ALICE_SECRET), out, list))
                .as(out::toString).isZero();
        assertThat(out).contains("no unresolved half message");
        out.setLength(0);
        assertThat(MqAdminCli.run(Map.of("FERRYMQ_ACCESS_KEY", ALICE), out, list)).as(out::toString).isEqualTo(2);
        assertThat(out).contains("FMQ-TOOLS-002").contains("FERRYMQ_SECRET_KEY");

        // The checker service refuses to start with credentials the brokers refuse, and starts with good ones.
        TxCheckerConfig log = new TxCheckerConfig().setJdbcUrl("jdbc:h2:file:" + db.resolve("log"))
                .setPurgeIntervalMinutes(0);
        try (TxCheckerService wrong = new TxCheckerService(checkerService().setAccessKey(BOB).setSecretKey(ALICE_SECRET),
                log)) {
            assertThatThrownBy(wrong::start).isInstanceOf(ClientAuthenticationException.class)
                    .hasMessageContaining("FMQ-BROKER-303").hasMessageNotContaining(ALICE_SECRET);
        }
        assertThatThrownBy(() -> checkerService().setAccessKey(BOB).validate()).hasMessageContaining("FMQ-TXC-108");
        try (TxCheckerService right = new TxCheckerService(checkerService().setAccessKey(BOB).setSecretKey(BOB_SECRET),
                log)) {
            right.start();
        }
    }

    @Test
    void aSlaveCopiesItsAclMastersTopicsWithItsInnerCredentialsAndNotWithout(@TempDir Path dir) throws Exception {
        String topic = "AclSlaveCopied";
        try (AdminClient admin = new AdminClient(config(ALICE, ALICE_SECRET))) {
            admin.start();
            admin.createTopic("DefaultCluster", topic, 2);
        }
        assertThat(cluster.broker("broker-a").topics().get(topic)).isNotNull();
        List<BrokerController> slaves = new ArrayList<>();
        try {
            BrokerController signed = slave(dir, 1, c -> c.setInnerAccessKey(BOB).setInnerSecretKey(BOB_SECRET));
            slaves.add(signed);
            BrokerController unsigned = slave(dir, 2, c -> { });
            slaves.add(unsigned);
            // Slaves copy from their master 3 s after start, then every 10 s.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (signed.topics().get(topic) == null) {
                assertThat(System.nanoTime()).as("the signed slave copies " + topic).isLessThan(deadline);
                Thread.sleep(50);
            }
            Thread.sleep(1_000);
            assertThat(unsigned.topics().get(topic)).as("the master refuses unsigned copies").isNull();
        } finally {
            slaves.forEach(BrokerController::shutdown);
        }
        assertThatThrownBy(() -> slave(dir, 3, c -> c.setInnerAccessKey(BOB)))
                .hasMessageContaining("FMQ-BROKER-308");
    }

    private static BrokerController slave(Path dir, long id, java.util.function.Consumer<BrokerConfig> settings)
            throws Exception {
        BrokerConfig config = new BrokerConfig().setBrokerName("broker-a").setBrokerId(id).setBrokerIP1("127.0.0.1")
                .setBindAddress("127.0.0.1").setListenPort(0).setNamesrvAddr(cluster.namesrvAddr()).setAclEnable(true)
                .setAclFile(cluster.usersFile().toString());
        settings.accept(config);
        StoreConfig store = new StoreConfig().setStorePathRootDir(dir.resolve("slave-" + id).toString())
                .setMappedFileSizeCommitLog(16 * 1024 * 1024).setMaxHashSlotNum(1_000).setMaxIndexNum(4_000)
                .setBrokerRole(BrokerRole.SLAVE).setHaListenPort(0);
        BrokerController slave = new BrokerController(config, store);
        try {
            slave.start();
        } catch (RuntimeException e) {
            slave.shutdown();
            throw e;
        }
        return slave;
    }

    private static TxCheckerServiceConfig checkerService() {
        return new TxCheckerServiceConfig().setNamesrvAddr(cluster.namesrvAddr()).setProducerGroups("AclCheckerPG")
                .setInstanceName("acl-checker-" + RUN + "-" + INSTANCES.incrementAndGet())
                .setHeartbeatBrokerIntervalMillis(500);
    }

    @Test
    void aRefusedRequestLeavesItsConnectionServingSignedRequestsInBothHeaderEncodings() throws Exception {
        NettyRemotingClient raw = new NettyRemotingClient(new RemotingConfig());
        try {
            String broker = cluster.brokerAddr();
            RemotingCommand unsigned = raw.invokeSync(broker, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO),
                    3_000);
            assertThat(unsigned.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(unsigned.remark()).startsWith("FMQ-BROKER-301");

            RemotingCommand json = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO);
            AclSignature.sign(json, BOB, BOB_SECRET, null);
            assertThat(raw.invokeSync(broker, json, 3_000).code()).isEqualTo(ResponseCode.SUCCESS);

            RemotingCommand binary = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO)
                    .serializeType(SerializeType.ROCKETMQ);
            AclSignature.sign(binary, BOB, BOB_SECRET, "some-token");
            assertThat(raw.invokeSync(broker, binary, 3_000).code()).isEqualTo(ResponseCode.SUCCESS);

            RemotingCommand tampered = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO);
            AclSignature.sign(tampered, BOB, BOB_SECRET, null);
            tampered.putExt("extra", "added after signing");
            RemotingCommand refused = raw.invokeSync(broker, tampered, 3_000);
            assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(refused.remark()).startsWith("FMQ-BROKER-303");

            // A refused oneway is dropped silently; the connection still answers afterwards.
            raw.invokeOneway(broker, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET));
            RemotingCommand again = RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO);
            AclSignature.sign(again, BOB, BOB_SECRET, null);
            assertThat(raw.invokeSync(broker, again, 3_000).code()).isEqualTo(ResponseCode.SUCCESS);
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void noBrokerToAskIsAnOrdinaryFailureNotAnAuthenticationOne() throws Exception {
        NameServer empty = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1"));
        empty.start();
        try {
            ClientConfig config = new ClientConfig().setNamesrvAddr("127.0.0.1:" + empty.port())
                    .setCredentials(ALICE, ALICE_SECRET);
            Throwable noBroker = catchThrowable(() -> CredentialsCheck.verify(config));
            assertThat(noBroker).isInstanceOf(ClientException.class)
                    .isNotInstanceOf(ClientAuthenticationException.class).hasMessageContaining("FMQ-CLIENT-401");
        } finally {
            empty.shutdown();
        }
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        ClientConfig unreachable = new ClientConfig().setNamesrvAddr("127.0.0.1:" + deadPort)
                .setCredentials(ALICE, ALICE_SECRET);
        assertThat(catchThrowable(() -> CredentialsCheck.verify(unreachable))).isInstanceOf(ClientException.class)
                .isNotInstanceOf(ClientAuthenticationException.class);
    }

    @Test
    void aUserAddedToTheFileIsAcceptedWithoutRestart() throws Exception {
        ClientInstance carol = new ClientInstance(config("carol", "carol-secret-3"));
        try {
            assertThatThrownBy(carol::verifyCredentials).isInstanceOf(ClientAuthenticationException.class)
                    .hasMessageContaining("FMQ-BROKER-302");
            LocalCluster.writeUsers(cluster.usersFile(), users(Map.of("carol", "carol-secret-3")));
            long deadline = System.nanoTime() + 20_000_000_000L;
            Throwable last;
            do {
                last = catchThrowable(carol::verifyCredentials);
                if (last != null) {
                    Thread.sleep(200);
                }
            } while (last != null && System.nanoTime() < deadline);
            assertThat(last).as("carol accepted once the broker re-read the users file").isNull();
        } finally {
            carol.shutdown();
        }
    }

    // ------------------------------------------------------------------ the official client

    private static RPCHook hook(String accessKey, String secretKey) {
        return new AclClientRPCHook(new SessionCredentials(accessKey, secretKey));
    }

    private static DefaultMQProducer officialProducer(String group, RPCHook hook) throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(group, hook);
        p.setNamesrvAddr(cluster.namesrvAddr());
        p.setInstanceName("acl-official-" + RUN + "-" + INSTANCES.incrementAndGet());
        p.setSendMsgTimeout(5_000);
        p.start();
        return p;
    }

    @Test
    void theOfficialClientWithAclClientRpcHookSendsQueriesAndConsumes() throws Exception {
        String topic = "AclOfficial";
        DefaultMQProducer producer = officialProducer("AclPG-official", hook(ALICE, ALICE_SECRET));
        DefaultMQPushConsumer consumer = null;
        try {
            List<String> sent = new ArrayList<>();
            SendResult last = null;
            for (int i = 0; i < 10; i++) {
                last = producer.send(new Message(topic, "TagA", "acl-key-" + i, ("official-" + i).getBytes()));
                assertThat(last.getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                sent.add("official-" + i);
            }
            MessageExt viewed = producer.viewMessage(topic, last.getOffsetMsgId());
            assertThat(new String(viewed.getBody())).isEqualTo("official-9");
            // The index is written behind the send: wait until the store finds the key, then ask through the client.
            long indexed = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < indexed) {
                try (var local = cluster.broker.store().queryMessages(topic, "acl-key-3", 10, 0, Long.MAX_VALUE)) {
                    if (!local.records().isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            assertThat(producer.queryMessage(topic, "acl-key-3", 10, 0, System.currentTimeMillis() + 1_000)
                    .getMessageList()).extracting(m -> new String(m.getBody())).contains("official-3");

            Set<String> received = ConcurrentHashMap.newKeySet();
            consumer = new DefaultMQPushConsumer("AclCG-official", hook(BOB, BOB_SECRET),
                    new org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely());
            consumer.setNamesrvAddr(cluster.namesrvAddr());
            consumer.setInstanceName("acl-official-" + RUN + "-" + INSTANCES.incrementAndGet());
            consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
            consumer.subscribe(topic, "*");
            consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
                msgs.forEach(m -> received.add(new String(m.getBody())));
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumer.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!received.containsAll(sent) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received).containsAll(sent);
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
    }

    @Test
    void theOfficialClientWithWrongOrNoCredentialsFailsCleanlyAndOthersGoOn() throws Exception {
        DefaultMQProducer wrong = officialProducer("AclPG-official-wrong", hook(ALICE, "guessed"));
        DefaultMQProducer none = officialProducer("AclPG-official-none", null);
        DefaultMQProducer right = officialProducer("AclPG-official-right", hook(BOB, BOB_SECRET));
        try {
            Throwable refused = catchThrowable(() -> wrong.send(new Message("AclOfficialRefused", "x".getBytes())));
            assertThat(refused).isNotNull();
            assertThat(brokerCode(refused)).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(messages(refused)).contains("FMQ-BROKER-303");

            Throwable unsigned = catchThrowable(() -> none.send(new Message("AclOfficialRefused", "x".getBytes())));
            assertThat(brokerCode(unsigned)).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(messages(unsigned)).contains("FMQ-BROKER-301");

            assertThat(right.send(new Message("AclOfficialRefused", "y".getBytes())).getSendStatus())
                    .isEqualTo(SendStatus.SEND_OK);
        } finally {
            wrong.shutdown();
            none.shutdown();
            right.shutdown();
        }
    }

    /** The response code of the MQBrokerException in {@code t}'s causes, or -1. */
    private static int brokerCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MQBrokerException b) {
                return b.getResponseCode();
            }
        }
        return -1;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    @Test
    void ourSignatureIsTheOfficialHooksByteForByte() {
        for (String token : new String[] {null, "sts-token"}) {
            SessionCredentials credentials = token == null ? new SessionCredentials(ALICE, ALICE_SECRET)
                    : new SessionCredentials(ALICE, ALICE_SECRET, token);
            org.apache.rocketmq.remoting.protocol.RemotingCommand official =
                    org.apache.rocketmq.remoting.protocol.RemotingCommand.createRequestCommand(RequestCode.SEND_MESSAGE_V2,
                            null);
            official.addExtField("a", "PG");
            official.addExtField("b", "Tøpic-ünïcode");
            official.addExtField("i", "KEYS\u0001k1 k2\u0002TAGS\u0001TagA\u0002");
            official.addExtField("bname", "broker-a");
            official.setBody("body \u00e9 bytes".getBytes(StandardCharsets.UTF_8));
            new AclClientRPCHook(credentials).doBeforeRequest("127.0.0.1:10911", official);

            RemotingCommand ours = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2)
                    .extFields(new HashMap<>(official.getExtFields())).body(official.getBody());
            assertThat(AclSignature.matches(ours, ALICE_SECRET)).isTrue();
            assertThat(AclSignature.compute(ours, ALICE_SECRET)).isEqualTo(official.getExtFields().get("Signature"));

            RemotingCommand signedByUs = RemotingCommand.request(RequestCode.SEND_MESSAGE_V2).putExt("a", "PG")
                    .putExt("b", "Tøpic-ünïcode").putExt("i", "KEYS\u0001k1 k2\u0002TAGS\u0001TagA\u0002")
                    .putExt("bname", "broker-a").body(official.getBody());
            AclSignature.sign(signedByUs, ALICE, ALICE_SECRET, token);
            assertThat(signedByUs.extFields()).isEqualTo(official.getExtFields());
        }
    }
}
