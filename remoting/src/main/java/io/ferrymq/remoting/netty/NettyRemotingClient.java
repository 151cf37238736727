package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.RemotingChannel;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A remoting client: one connection per "ip:port", opened on first use and reopened after it dies;
 * synchronous, asynchronous and oneway calls; serves requests the peer sends back over the same
 * connections through the registered processors. Its connections run on the event loops all clients of the
 * JVM share ({@link RemotingConfig#isSharedEventLoops()}), or on its own. Safe from any thread.
 */
public final class NettyRemotingClient extends NettyRemotingEndpoint {
    private final RemotingConfig config;
    private final EventLoopGroup group;
    private final boolean sharedGroup;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean shutDown = new AtomicBoolean();

    public NettyRemotingClient(RemotingConfig config) {
        this.config = config;
        this.sharedGroup = config.isSharedEventLoops();
        this.group = sharedGroup ? SharedClientEventLoops.acquire(config.getIoThreads())
                : Transport.group(config.getIoThreads(), SharedClientEventLoops.THREAD_NAME);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Transport.clientChannel(group))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        installPipeline(ch, config);
                    }
                });
    }

    /** The live connection to {@code address} ("host:port"), connecting if needed. */
    public RemotingChannel channel(String address) throws RemotingException {
        if (shutDown.get()) {
            throw shutDownError(address);
        }
        int colon = address.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(address.substring(colon + 1).trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        if (port < 0 || port > 65535) {
            throw new RemotingException(RemotingException.Kind.CONNECT_FAILED,
                    "FMQ-REMOTING-031 address '" + address + "' is not host:port");
        }
        String host = address.substring(0, colon).trim();
        int p = port;
        // A connection that is pending or alive is reused; a dead one is replaced, atomically per address.
        ChannelFuture f = channels.compute(address, (a, existing) ->
                existing != null && (!existing.isDone() || existing.channel().isActive())
                        ? existing : bootstrap.connect(host, p));
        if (shutDown.get()) {
            // shutdown() may have closed the channels before this one was added: on shared loops nothing else would.
            channels.remove(address, f);
            f.channel().close();
            throw shutDownError(address);
        }
        if (!f.awaitUninterruptibly(config.getConnectTimeoutMillis()) || !f.isSuccess() || !f.channel().isActive()) {
            channels.remove(address, f);
            throw new RemotingException(RemotingException.Kind.CONNECT_FAILED,
                    "FMQ-REMOTING-030 cannot connect to " + address
                            + (f.cause() != null ? ": " + f.cause().getMessage() : ""));
        }
        return NettyChannel.of(f.channel(), this);
    }

    public RemotingCommand invokeSync(String address, RemotingCommand request, long timeoutMillis)
            throws RemotingException, InterruptedException {
        CompletableFuture<RemotingCommand> f = invokeAsync(address, request, timeoutMillis);
        try {
            return f.get(timeoutMillis + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemotingException re) {
                throw re;
            }
            throw new RemotingException(RemotingException.Kind.SEND_FAILED, e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new RemotingException(RemotingException.Kind.TIMEOUT,
                    "FMQ-REMOTING-022 no response from " + address + " within " + timeoutMillis + " ms");
        }
    }

    public CompletableFuture<RemotingCommand> invokeAsync(String address, RemotingCommand request, long timeoutMillis) {
        try {
            return channel(address).invoke(request, timeoutMillis);
        } catch (RemotingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public void invokeOneway(String address, RemotingCommand request) throws RemotingException {
        channel(address).invokeOneway(request);
    }

    public void closeChannel(String address) {
        ChannelFuture f = channels.remove(address);
        if (f != null) {
            f.channel().close();
        }
    }

    private static RemotingException shutDownError(String address) {
        return new RemotingException(RemotingException.Kind.CLOSED,
                "FMQ-REMOTING-032 the client is shut down: no call to " + address);
    }

    /**
     * Closes this client's connections (failing their pending calls) and lets go of its event loops: a shared group
     * stops only with its last client. Waits for both unless called on one of the loops, which cannot wait for itself.
     * Later calls fail with {@link RemotingException.Kind#CLOSED}.
     */
    public void shutdown() {
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        boolean mayWait = !onOwnEventLoop();
        List<ChannelFuture> closing = new ArrayList<>();
        for (ChannelFuture f : channels.values()) {
            closing.add(f.channel().close());
        }
        channels.clear();
        if (mayWait) {
            for (ChannelFuture c : closing) {
                c.awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
        }
        Future<?> termination = sharedGroup ? SharedClientEventLoops.release(group)
                : group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (termination != null && mayWait) {
            termination.awaitUninterruptibly();
        }
    }

    private boolean onOwnEventLoop() {
        for (EventExecutor loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** For tests and diagnostics: the loops this client's connections run on. */
    EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** For tests and diagnostics: the raw Netty channel to an address, if connected. */
    Channel nettyChannel(String address) {
        ChannelFuture f = channels.get(address);
        return f == null ? null : f.channel();
    }
}
