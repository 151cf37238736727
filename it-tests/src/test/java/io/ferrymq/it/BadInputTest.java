package io.ferrymq.it;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ConsumeFromWhere;
import io.ferrymq.client.Message;
import io.ferrymq.client.MessageListener;
import io.ferrymq.client.Producer;
import io.ferrymq.client.PushConsumer;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Thousands of hostile inputs at a live broker and nameserver: random bytes, truncated and oversize
 * frames, malformed headers, and well-framed requests whose header fields have missing or wrong-typed
 * values. Both servers must answer every well-framed request with an error code, close only the
 * offending connection for a bad frame, and keep serving good clients. Seeded, so a failure replays.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final long SEED = Long.getLong("ferrymq.fuzz.seed", 20261121L);
    /**
     * Request codes fuzzed. Destructive admin requests that are valid when well-formed (deleting topics,
     * unregistering brokers) are left out: with well-formed values they do what they are asked, which is
     * an access-control matter (ACL), not bad input.
     */
    private static final int[] CODES = {10, 11, 12, 14, 15, 17, 21, 26, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
            41, 42, 43, 46, 100, 101, 103, 105, 106, 200, 201, 206, 224, 310, 320, 322, 361, 9999, -5};
    private static final String[] FIELDS = {"topic", "queueId", "queueOffset", "maxMsgNums", "sysFlag", "commitOffset",
            "suspendTimeoutMillis", "subVersion", "consumerGroup", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "m",
            "key", "maxNum", "beginTimestamp", "endTimestamp", "offset", "brokerName", "brokerAddr", "clusterName",
            "haServerAddr", "brokerId", "bodyCrc32", "readQueueNums", "writeQueueNums", "perm", "topicFilterType",
            "order", "defaultTopic", "timestamp", "cluster", "producerGroup", "batch", "expressionType", "subscription"};
    private static final String[] VALUES = {"", "x", "-1", "0", "1", "2147483648", "99999999999999999999", "1.5",
            "true", "null", "%RETRY%x", "../../etc", "SELF_TEST_TOPIC", "A".repeat(300), "\u0001\u0002", "{\"a\":1}", "0x10"};

    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void brokerAndNameserverSurviveHostileInputAndKeepServing() throws Exception {
        Random random = new Random(SEED);
        String[] targets = {cluster.brokerAddr(), cluster.namesrvAddr()};
        int rawCases = 0;
        for (int i = 0; i < 2_000; i++) {
            sendRawAndClose(targets[i % 2], badFrame(random));
            rawCases++;
        }
        int answered = wellFramedButWrongRequests(random, targets, 2_000);

        assertThat(rawCases).isEqualTo(2_000);
        assertThat(answered).isEqualTo(2_000);
        assertGoodClientsStillServed();
    }

    /** Each well-framed request gets an answer, whatever its header holds; returns how many were answered. */
    private static int wellFramedButWrongRequests(Random random, String[] targets, int count) throws Exception {
        NettyRemotingClient client = new NettyRemotingClient(new RemotingConfig());
        int answered = 0;
        try {
            for (int batch = 0; batch < count / 100; batch++) {
                List<CompletableFuture<RemotingCommand>> calls = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    RemotingCommand r = RemotingCommand.request(CODES[random.nextInt(CODES.length)]);
                    int fields = random.nextInt(8);
                    for (int f = 0; f < fields; f++) {
                        r.putExt(FIELDS[random.nextInt(FIELDS.length)], VALUES[random.nextInt(VALUES.length)]);
                    }
                    if (random.nextBoolean()) {
                        byte[] body = new byte[random.nextInt(300)];
                        random.nextBytes(body);
                        r.body(body);
                    }
                    if (random.nextBoolean()) {
                        r.serializeType(SerializeType.ROCKETMQ);
                    }
                    calls.add(client.invokeAsync(targets[random.nextInt(2)], r, 20_000));
                }
                for (CompletableFuture<RemotingCommand> call : calls) {
                    RemotingCommand response = call.get(30, TimeUnit.SECONDS);
                    assertThat(response.isResponse()).isTrue();
                    answered++;
                }
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a well-framed request got no answer: " + e.getCause(), e.getCause());
        } finally {
            client.shutdown();
        }
        return answered;
    }

    private static byte[] badFrame(Random random) {
        switch (random.nextInt(6)) {
            case 0 -> {
                byte[] junk = new byte[1 + random.nextInt(200)];
                random.nextBytes(junk);
                return junk;
            }
            case 1 -> {
                byte[] good = jsonFrame("{\"code\":105,\"extFields\":{\"topic\":\"T\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":1,\"version\":479}");
                return java.util.Arrays.copyOf(good, random.nextInt(good.length));
            }
            case 2 -> {
                return ByteBuffer.allocate(8).putInt(17 * 1024 * 1024 + random.nextInt(1 << 20)).putInt(10).array();
            }
            case 3 -> {
                String[] headers = {"{\"code\":\"x\"}", "{\"code\":1e400}", "[1,2,3]", "{\"extFields\":[1]}", "{{{{",
                        "{\"code\":105,\"extFields\":{\"topic\":{\"a\":1}}}", "\"just a string\"", "{}"};
                return jsonFrame(headers[random.nextInt(headers.length)]);
            }
            case 4 -> {
                // Binary header whose remark or ext lengths point outside the frame.
                ByteBuffer h = ByteBuffer.allocate(23).putShort((short) 105).put((byte) 0).putShort((short) 479)
                        .putInt(1).putInt(0).putInt(random.nextInt()).putInt(random.nextInt());
                ByteBuffer f = ByteBuffer.allocate(8 + 23).putInt(4 + 23).putInt(0x01000000 | 23).put(h.array());
                return f.array();
            }
            default -> {
                // Header length larger than the frame, or a negative frame length.
                return ByteBuffer.allocate(12).putInt(random.nextBoolean() ? 8 : -8).putInt(0x00FFFFFF).putInt(0).array();
            }
        }
    }

    private static byte[] jsonFrame(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length).putInt(4 + h.length).putInt(h.length).put(h).array();
    }

    private static void sendRawAndClose(String address, byte[] payload) throws IOException {
        String[] hp = address.split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            s.setSoLinger(true, 0);
            OutputStream out = s.getOutputStream();
            try {
                out.write(payload);
                out.flush();
            } catch (IOException closedByServer) {
                // the server may close as soon as it sees the bad length: that is the point
            }
        }
    }

    private static void assertGoodClientsStillServed() throws Exception {
        ClientConfig config = new ClientConfig().setNamesrvAddr(cluster.namesrvAddr()).setInstanceName("after-fuzz");
        CountDownLatch got = new CountDownLatch(1);
        try (Producer producer = new Producer("fuzz-pg", config);
             PushConsumer consumer = new PushConsumer("fuzz-cg", new ClientConfig().setNamesrvAddr(cluster.namesrvAddr())
                     .setInstanceName("after-fuzz-c"))) {
            producer.start();
            producer.send(new Message("AfterFuzz", "first".getBytes()));
            consumer.subscribe("AfterFuzz", "*").setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET)
                    .setListener(m -> {
                        got.countDown();
                        return MessageListener.Result.SUCCESS;
                    }).start();
            assertThat(got.await(30, TimeUnit.SECONDS)).isTrue();

            // An oversize message is refused with MESSAGE_ILLEGAL, not a dropped connection.
            byte[] oversize = new byte[4 * 1024 * 1024 + 1];
            assertThatThrownBy(() -> producer.send(new Message("AfterFuzz", oversize)))
                    .isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).responseCode()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL))
                    .hasMessageContaining("maxMessageSize");
            assertThat(producer.send(new Message("AfterFuzz", "still fine".getBytes())).status()).isNotNull();
        }
        assertThat(cluster.broker.store().isRunning()).isTrue();
    }
}
