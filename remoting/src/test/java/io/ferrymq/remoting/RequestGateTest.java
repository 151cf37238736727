package io.ferrymq.remoting;

import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A server's request gate on loopback: what it refuses never reaches a processor, and the connection goes on. */
class RequestGateTest {
    private static final int ECHO = 1000;
    private static final int ONEWAY = 1001;

    private NettyRemotingServer server;
    private NettyRemotingClient client;
    private ExecutorService executor;
    private String address;
    private final AtomicInteger processed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        server = new NettyRemotingServer(new RemotingConfig().setBindAddress("127.0.0.1"));
        server.registerProcessor((ch, req) -> {
            processed.incrementAndGet();
            return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, "served");
        }, executor, ECHO, ONEWAY);
        server.setRequestGate((ch, req) -> {
            String pass = req.ext("pass");
            if ("throw".equals(pass)) {
                throw new IllegalStateException("gate broke");
            }
            return "yes".equals(pass) ? null : RemotingCommand.responseTo(req, ResponseCode.NO_PERMISSION, "no entry");
        });
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new NettyRemotingClient(new RemotingConfig());
    }

    @AfterEach
    void stop() {
        client.shutdown();
        server.shutdown();
        executor.shutdownNow();
    }

    @Test
    void refusedRequestsGetTheGatesAnswerAndTheSameConnectionStillServes() throws Exception {
        RemotingCommand refused = client.invokeSync(address, RemotingCommand.request(ECHO), 3_000);
        assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
        assertThat(refused.remark()).isEqualTo("no entry");
        assertThat(processed.get()).isZero();

        RemotingCommand served = client.invokeSync(address, RemotingCommand.request(ECHO).putExt("pass", "yes"), 3_000);
        assertThat(served.code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(served.remark()).isEqualTo("served");
        assertThat(processed.get()).isEqualTo(1);
    }

    @Test
    void aGateThatFailsRefusesAndOnewaysAreRefusedSilently() throws Exception {
        RemotingCommand broken = client.invokeSync(address, RemotingCommand.request(ECHO).putExt("pass", "throw"), 3_000);
        assertThat(broken.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(broken.remark()).contains("gate broke");

        client.invokeOneway(address, RemotingCommand.request(ONEWAY).markOneway());
        client.invokeOneway(address, RemotingCommand.request(ONEWAY).markOneway().putExt("pass", "yes"));
        // Wait for the admitted oneway (oneways get no answer to wait for).
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (processed.get() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        RemotingCommand after = client.invokeSync(address, RemotingCommand.request(ECHO).putExt("pass", "yes"), 3_000);
        assertThat(after.remark()).isEqualTo("served");
        // The refused oneway got no answer (the sync call above got its own) and never reached the processor.
        assertThat(processed.get()).isEqualTo(2);
    }
}
