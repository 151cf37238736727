package io.ferrymq.namesrv;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.header.RegisterBrokerRequestHeader;
import io.ferrymq.remoting.protocol.route.DataVersion;
import io.ferrymq.remoting.protocol.route.TopicConfig;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** A real nameserver on loopback, driven with raw protocol commands as brokers and clients send them. */
class NameServerTest {
    private NameServer namesrv;
    private NettyRemotingClient broker;
    private NettyRemotingClient otherBroker;
    /** Route queries go through their own connection: the nameserver closes a silent broker's connection. */
    private NettyRemotingClient routeClient;
    private String address;

    @BeforeEach
    void start() throws Exception {
        namesrv = new NameServer(new NamesrvConfig().setListenPort(0).setBindAddress("127.0.0.1")
                .setScanNotActiveBrokerInterval(100).setBrokerChannelExpiredTime(1_000));
        namesrv.start();
        address = "127.0.0.1:" + namesrv.port();
        broker = new NettyRemotingClient(new RemotingConfig());
        otherBroker = new NettyRemotingClient(new RemotingConfig());
        routeClient = new NettyRemotingClient(new RemotingConfig());
    }

    @AfterEach
    void stop() {
        broker.shutdown();
        otherBroker.shutdown();
        routeClient.shutdown();
        namesrv.shutdown();
    }

    private static RemotingCommand registration(String name, long id, String addr, long version, TopicConfig... topics) {
        RegisterBrokerRequestHeader h = new RegisterBrokerRequestHeader();
        h.brokerName = name;
        h.brokerAddr = addr;
        h.clusterName = "DefaultCluster";
        h.haServerAddr = addr.replace(":10911", ":10912");
        h.brokerId = id;
        JsonObject table = new JsonObject();
        for (TopicConfig t : topics) {
            table.put(t.topicName(), t.toJson());
        }
        JsonObject wrapper = new JsonObject().put("dataVersion", new DataVersion(1, version, 0).toJson())
                .put("topicConfigTable", table);
        byte[] body = Json.writeBytes(new JsonObject().put("filterServerList", List.of())
                .put("topicConfigSerializeWrapper", wrapper));
        CRC32 crc = new CRC32();
        crc.update(body);
        h.bodyCrc32 = (int) (crc.getValue() & 0x7FFFFFFF);
        return RemotingCommand.request(RequestCode.REGISTER_BROKER).header(h).body(body);
    }

    private TopicRouteData route(String topic) throws Exception {
        RemotingCommand r = routeClient.invokeSync(address, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .putExt("topic", topic), 3_000);
        return r.code() == ResponseCode.SUCCESS ? TopicRouteData.fromJson(r.body()) : null;
    }

    @Test
    void routesComeFromMasterRegistrationsAndSlavesLearnTheirMaster() throws Exception {
        RemotingCommand r = broker.invokeSync(address, registration("broker-a", 0, "10.0.0.1:10911", 1,
                TopicConfig.of("T1", 4, 6), TopicConfig.of("T2", 2, 6)), 3_000);
        assertThat(r.code()).isZero();
        assertThat(r.ext("masterAddr")).isNull();
        RemotingCommand slave = otherBroker.invokeSync(address, registration("broker-a", 1, "10.0.0.2:10911", 1,
                TopicConfig.of("IGNORED", 4, 6)), 3_000);
        assertThat(slave.ext("masterAddr")).isEqualTo("10.0.0.1:10911");
        assertThat(slave.ext("haServerAddr")).isEqualTo("10.0.0.1:10912");

        TopicRouteData t1 = route("T1");
        assertThat(t1.queueDatas()).singleElement().satisfies(q -> {
            assertThat(q.brokerName()).isEqualTo("broker-a");
            assertThat(q.writeQueueNums()).isEqualTo(4);
        });
        assertThat(t1.brokerDatas().get(0).brokerAddrs()).containsEntry(0L, "10.0.0.1:10911").containsEntry(1L, "10.0.0.2:10911");
        assertThat(route("IGNORED")).isNull();

        RemotingCommand unknown = broker.invokeSync(address, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .putExt("topic", "nope"), 3_000);
        assertThat(unknown.code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);

        RemotingCommand cluster = broker.invokeSync(address, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO), 3_000);
        JsonObject info = Json.parseObject(cluster.body());
        assertThat(info.getObject("clusterAddrTable").getArray("DefaultCluster")).containsExactly("broker-a");
        RemotingCommand topics = broker.invokeSync(address, RemotingCommand.request(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER), 3_000);
        assertThat(Json.parseObject(topics.body()).getArray("topicList")).containsExactly("T1", "T2");

        // A new topic list (new data version) replaces the old one.
        broker.invokeSync(address, registration("broker-a", 0, "10.0.0.1:10911", 2, TopicConfig.of("T1", 8, 6)), 3_000);
        assertThat(route("T2")).isNull();
        assertThat(route("T1").queueDatas().get(0).writeQueueNums()).isEqualTo(8);
    }

    @Test
    void aBrokerIsDroppedWhenItsConnectionClosesOrItFallsSilent() throws Exception {
        broker.invokeSync(address, registration("broker-a", 0, "10.0.0.1:10911", 1, TopicConfig.of("T1", 4, 6)), 3_000);
        otherBroker.invokeSync(address, registration("broker-b", 0, "10.0.0.3:10911", 1, TopicConfig.of("T1", 4, 6)), 3_000);
        assertThat(route("T1").queueDatas()).hasSize(2);

        otherBroker.closeChannel(address);
        awaitCondition(() -> route("T1").queueDatas().size() == 1);

        // broker-a stops re-registering: after brokerChannelExpiredTime (1 s here) it is gone.
        awaitCondition(() -> route("T1") == null);
    }

    @Test
    void aBadBodyOrCrcIsRefusedAndTheServerKeepsServing() throws Exception {
        RemotingCommand bad = registration("broker-a", 0, "10.0.0.1:10911", 1, TopicConfig.of("T1", 4, 6));
        bad.putExt("bodyCrc32", "12345");
        assertThat(broker.invokeSync(address, bad, 3_000).remark()).isEqualTo("crc32 not match");
        RemotingCommand garbage = registration("broker-a", 0, "10.0.0.1:10911", 1);
        garbage.body("{\"topicConfigSerializeWrapper\":[".getBytes()).putExt("bodyCrc32", "0");
        assertThat(broker.invokeSync(address, garbage, 3_000).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        RemotingCommand missing = RemotingCommand.request(RequestCode.REGISTER_BROKER).putExt("brokerName", "x");
        RemotingCommand refused = broker.invokeSync(address, missing, 3_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(refused.remark()).contains("is null");
        assertThat(route("T1")).isNull();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitCondition(Check check) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(50);
        }
    }
}
