package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.ConnectionListener;
import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Clients of one JVM on one set of event loop threads, against a real server on loopback. */
class SharedClientEventLoopsTest {
    private static final int ECHO = 1000;

    private NettyRemotingServer server;
    private ExecutorService executor;
    private String address;
    private final List<NettyRemotingClient> clients = new ArrayList<>();
    /** The thread each client's connection became active on: one of the loops it runs on. */
    private final Map<NettyRemotingClient, Thread> loopThreads = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        executor = Executors.newFixedThreadPool(2);
        server = new NettyRemotingServer(new RemotingConfig().setBindAddress("127.0.0.1"));
        server.registerProcessor((ch, req) -> RemotingCommand.responseTo(req, ResponseCode.SUCCESS, req.remark()),
                executor, ECHO);
        server.start();
        address = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        clients.forEach(NettyRemotingClient::shutdown);
        server.shutdown();
        executor.shutdownNow();
    }

    private NettyRemotingClient client(boolean shared) {
        NettyRemotingClient c = new NettyRemotingClient(new RemotingConfig().setSharedEventLoops(shared));
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(RemotingChannel channel) {
                loopThreads.put(c, Thread.currentThread());
            }
        });
        clients.add(c);
        return c;
    }

    private String echo(NettyRemotingClient c, String text) throws Exception {
        return c.invokeSync(address, RemotingCommand.request(ECHO).remark(text), 3_000).remark();
    }

    @Test
    void clientsOfOneJvmRunTheirConnectionsOnTheSameIoThreads() throws Exception {
        List<NettyRemotingClient> four = List.of(client(true), client(true), client(true), client(true));
        for (NettyRemotingClient c : four) {
            assertThat(echo(c, "hi")).isEqualTo("hi");
        }
        EventLoopGroup group = four.get(0).eventLoopGroup();
        for (NettyRemotingClient c : four) {
            assertThat(c.eventLoopGroup()).isSameAs(group);
            assertThat(c.nettyChannel(address).eventLoop().parent()).isSameAs(group);
        }
        Set<Thread> threads = Set.copyOf(loopThreads.values());
        // Four connections spread over the configured two threads, not eight threads for four clients.
        assertThat(threads).hasSize(new RemotingConfig().getIoThreads());
        assertThat(threads).allMatch(t -> t.getName().startsWith("ferrymq-client-io"));
    }

    @Test
    void aClientShuttingDownClosesItsOwnConnectionsOnlyAndRefusesLaterCalls() throws Exception {
        NettyRemotingClient first = client(true);
        NettyRemotingClient second = client(true);
        assertThat(echo(first, "one")).isEqualTo("one");
        assertThat(echo(second, "two")).isEqualTo("two");
        Channel firstChannel = first.nettyChannel(address);
        Channel secondChannel = second.nettyChannel(address);

        first.shutdown();

        assertThat(firstChannel.isActive()).isFalse();
        assertThat(second.eventLoopGroup().isShuttingDown()).isFalse();
        assertThat(loopThreads.get(second).isAlive()).isTrue();
        // A real round trip over the second client's unchanged connection after the first is gone.
        assertThat(echo(second, "still here")).isEqualTo("still here");
        assertThat(second.nettyChannel(address)).isSameAs(secondChannel);
        assertThat(secondChannel.isActive()).isTrue();
        // The shut-down client does not reconnect on the loops it no longer owns.
        assertThatThrownBy(() -> echo(first, "again"))
                .isInstanceOfSatisfying(RemotingException.class,
                        e -> assertThat(e.kind()).isEqualTo(RemotingException.Kind.CLOSED))
                .hasMessageContaining("FMQ-REMOTING-032");
        assertThat(first.nettyChannel(address)).isNull();
    }

    @Test
    void theLastClientShuttingDownEndsTheThreadsAndTheNextClientStartsFreshOnes() throws Exception {
        NettyRemotingClient first = client(true);
        NettyRemotingClient second = client(true);
        echo(first, "one");
        echo(second, "two");
        EventLoopGroup group = first.eventLoopGroup();
        Set<Thread> threads = Set.copyOf(loopThreads.values());

        first.shutdown();
        second.shutdown();

        assertThat(group.isTerminated()).isTrue();
        for (Thread t : threads) {
            t.join(5_000);
            assertThat(t.isAlive()).as("%s after the last client shut down", t.getName()).isFalse();
        }
        NettyRemotingClient next = client(true);
        assertThat(echo(next, "fresh")).isEqualTo("fresh");
        assertThat(next.eventLoopGroup()).isNotSameAs(group);
        assertThat(loopThreads.get(next)).isNotIn(threads);
    }

    @Test
    void aClientThatOptsOutRunsOnThreadsOfItsOwn() throws Exception {
        NettyRemotingClient shared = client(true);
        NettyRemotingClient isolated = client(false);
        NettyRemotingClient otherIsolated = client(false);
        for (NettyRemotingClient c : clients) {
            assertThat(echo(c, "hi")).isEqualTo("hi");
        }
        assertThat(Set.of(shared.eventLoopGroup(), isolated.eventLoopGroup(), otherIsolated.eventLoopGroup()))
                .hasSize(3);
        assertThat(isolated.nettyChannel(address).eventLoop().parent()).isSameAs(isolated.eventLoopGroup());
        assertThat(Set.copyOf(loopThreads.values())).hasSize(3);

        isolated.shutdown();

        assertThat(isolated.eventLoopGroup().isTerminated()).isTrue();
        assertThat(echo(shared, "shared")).isEqualTo("shared");
        assertThat(echo(otherIsolated, "other")).isEqualTo("other");
    }
}
