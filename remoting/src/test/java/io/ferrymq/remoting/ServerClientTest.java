package io.ferrymq.remoting;

import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real server and client on loopback. */
class ServerClientTest {
    private static final int ECHO = 1000;
    private static final int FAIL = 1001;
    private static final int SLOW = 1002;
    private static final int CALL_BACK = 1003;
    private static final int ONEWAY = 1004;

    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private ExecutorService executor;
    private String address;
    private final AtomicInteger onewayCount = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newFixedThreadPool(4);
        server = new NettyRemotingServer(new RemotingConfig().setBindAddress("127.0.0.1").setMaxFrameLength(64 * 1024));
        server.registerProcessor((ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, req.remark())
                .body(req.body()).extFields(req.extFields()), executor, ECHO);
        server.registerProcessor((ch, req) -> {
            throw new IllegalStateException("boom");
        }, executor, FAIL);
        server.registerProcessor((ch, req) -> {
            Thread.sleep(2_000);
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, null);
        }, executor, SLOW);
        server.registerProcessor((ch, req) -> {
            // The server calls the client back over the client's own connection, then answers.
            RemotingCommand answer = ch.invoke(RemotingCommand.request(ECHO).remark("from server"), 3_000).get();
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, "client said " + answer.remark());
        }, executor, CALL_BACK);
        server.registerProcessor((ch, req) -> {
            onewayCount.incrementAndGet();
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, "never sent");
        }, executor, ONEWAY);
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new NettyRemotingClient(new RemotingConfig());
        client.registerProcessor((ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, "echo " + req.remark()),
                executor, ECHO);
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    @Test
    void syncAsyncAndBinaryHeaderCallsGetTheirOwnResponses() throws Exception {
        RemotingCommand r = client.invokeSync(address, RemotingCommand.request(ECHO).remark("hi").putExt("k", "v")
                .body(new byte[] {9}), 3_000);
        assertThat(r.code()).isZero();
        assertThat(r.remark()).isEqualTo("hi");
        assertThat(r.ext("k")).isEqualTo("v");
        assertThat(r.body()).containsExactly(9);

        RemotingCommand binary = client.invokeSync(address, RemotingCommand.request(ECHO).remark("bin")
                .serializeType(SerializeType.ROCKETMQ), 3_000);
        assertThat(binary.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(binary.remark()).isEqualTo("bin");

        CompletableFuture<?>[] calls = new CompletableFuture<?>[200];
        for (int i = 0; i < calls.length; i++) {
            String text = "m" + i;
            calls[i] = client.invokeAsync(address, RemotingCommand.request(ECHO).remark(text), 5_000)
                    .thenAccept(resp -> assertThat(resp.remark()).isEqualTo(text));
        }
        CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aProcessorRunsTheRequestsItPicksOnTheIoThreadAndTheOthersOnItsExecutor() throws Exception {
        int code = 1005;
        ExecutorService own = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-executor"));
        server.registerProcessor(new RequestProcessor() {
            @Override
            public RemotingCommand process(RemotingChannel channel, RemotingCommand request) {
                return RemotingCommand.responseTo(request, ResponseCode.SUCCESS, Thread.currentThread().getName());
            }

            @Override
            public boolean runsOnIoThread(RemotingCommand request) {
                return "inline".equals(request.remark());
            }
        }, own, code);
        try {
            String inline = client.invokeSync(address, RemotingCommand.request(code).remark("inline"), 3_000).remark();
            String pooled = client.invokeSync(address, RemotingCommand.request(code).remark("pooled"), 3_000).remark();
            assertThat(pooled).isEqualTo("test-executor");
            assertThat(inline).startsWith("ferrymq-io-");
        } finally {
            own.shutdownNow();
        }
    }

    /**
     * Asynchronous calls time out through the endpoint's periodic scan (one queue per timeout value): each after its
     * own timeout, never before it, while calls answered meanwhile complete normally; and the scan starts again for
     * a call made after everything pending was settled.
     */
    @Test
    void asynchronousCallsTimeOutEachAfterItsOwnTimeout() throws Exception {
        long[] timeouts = {600, 150, 300};
        long start = System.nanoTime();
        List<CompletableFuture<RemotingCommand>> slow = new ArrayList<>();
        for (long t : timeouts) {
            slow.add(client.invokeAsync(address, RemotingCommand.request(SLOW), t));
        }
        RemotingCommand echoed = client.invokeAsync(address, RemotingCommand.request(ECHO).remark("meanwhile"), 3_000)
                .get(5, TimeUnit.SECONDS);
        assertThat(echoed.remark()).isEqualTo("meanwhile");
        for (int i = 0; i < timeouts.length; i++) {
            assertTimesOutAfter(slow.get(i), start, timeouts[i]);
        }
        Thread.sleep(100); // several scan periods with nothing pending: the scan stops rescheduling itself
        long again = System.nanoTime();
        assertTimesOutAfter(client.invokeAsync(address, RemotingCommand.request(SLOW), 100), again, 100);
    }

    private static void assertTimesOutAfter(CompletableFuture<RemotingCommand> call, long startNanos, long timeoutMillis) {
        assertThatThrownBy(() -> call.get(timeoutMillis + 2_000, TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((RemotingException) e.getCause()).kind()).isEqualTo(RemotingException.Kind.TIMEOUT));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertThat(tookMillis).as("timed out after " + tookMillis + " ms, timeout " + timeoutMillis)
                .isGreaterThanOrEqualTo(timeoutMillis);
    }

    @Test
    void unknownCodesFailuresTimeoutsAndOnewaysBehaveAsTheProtocolSays() throws Exception {
        RemotingCommand unknown = client.invokeSync(address, RemotingCommand.request(4242), 3_000);
        assertThat(unknown.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(unknown.remark()).isEqualTo(" request type 4242 not supported");

        RemotingCommand failed = client.invokeSync(address, RemotingCommand.request(FAIL), 3_000);
        assertThat(failed.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(failed.remark()).contains("boom");

        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(SLOW), 200))
                .isInstanceOf(RemotingException.class)
                .satisfies(e -> assertThat(((RemotingException) e).kind()).isEqualTo(RemotingException.Kind.TIMEOUT));

        for (int i = 0; i < 5; i++) {
            client.invokeOneway(address, RemotingCommand.request(ONEWAY));
        }
        // A oneway request is processed and never answered: the next call's response is its own.
        RemotingCommand after = client.invokeSync(address, RemotingCommand.request(ECHO).remark("after"), 3_000);
        assertThat(after.remark()).isEqualTo("after");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (onewayCount.get() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(onewayCount.get()).isEqualTo(5);
    }

    @Test
    void theServerCanCallTheClientBackOnItsConnection() throws Exception {
        RemotingCommand r = client.invokeSync(address, RemotingCommand.request(CALL_BACK), 5_000);
        assertThat(r.remark()).isEqualTo("client said echo from server");
    }

    @Test
    void aFullExecutorAnswersSystemBusy() throws Exception {
        ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1));
        CountDownLatch release = new CountDownLatch(1);
        server.registerProcessor((ch, req) -> {
            release.await();
            return RemotingCommand.responseTo(req, 0, null);
        }, tiny, 2000);
        try {
            client.invokeAsync(address, RemotingCommand.request(2000), 5_000);
            client.invokeAsync(address, RemotingCommand.request(2000), 5_000);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((tiny.getActiveCount() < 1 || tiny.getQueue().size() < 1) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            RemotingCommand busy = client.invokeSync(address, RemotingCommand.request(2000), 3_000);
            assertThat(busy.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
            assertThat(busy.remark()).startsWith("[OVERLOAD]");
        } finally {
            release.countDown();
            tiny.shutdown();
        }
    }

    @Test
    void anOversizeOrMalformedFrameClosesOnlyThatConnection() throws Exception {
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO).remark("before"), 3_000).remark())
                .isEqualTo("before");
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            out.writeInt(10 * 1024 * 1024);
            out.writeInt(0);
            out.flush();
            assertClosedByServer(raw);
        }
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            DataOutputStream out = new DataOutputStream(raw.getOutputStream());
            byte[] junk = "{not json".getBytes();
            out.writeInt(4 + junk.length);
            out.writeInt(junk.length);
            out.write(junk);
            out.flush();
            assertClosedByServer(raw);
        }
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO).remark("after"), 3_000).remark())
                .isEqualTo("after");
    }

    private static void assertClosedByServer(Socket raw) throws IOException {
        raw.setSoTimeout(5_000);
        DataInputStream in = new DataInputStream(raw.getInputStream());
        try {
            assertThat(in.read()).isEqualTo(-1);
        } catch (EOFException | java.net.SocketException e) {
            // reset by peer also means closed
        }
    }

    @Test
    void aClientReconnectsAfterTheServerDropsTheConnection() throws Exception {
        client.invokeSync(address, RemotingCommand.request(ECHO), 3_000);
        RemotingChannel dropped = client.channel(address);
        dropped.close();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (dropped.isActive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(client.invokeSync(address, RemotingCommand.request(ECHO).remark("again"), 3_000).remark())
                .isEqualTo("again");
        assertThatThrownBy(() -> client.invokeSync("127.0.0.1:1", RemotingCommand.request(ECHO), 1_000))
                .isInstanceOf(RemotingException.class).hasMessageContaining("cannot connect");
    }
}
