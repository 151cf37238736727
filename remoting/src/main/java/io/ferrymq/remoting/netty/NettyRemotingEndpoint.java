package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.ConnectionListener;
import io.ferrymq.remoting.RemotingConfig;
import io.ferrymq.remoting.RemotingException;
import io.ferrymq.remoting.RequestGate;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.ResponseCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What server and client share: the request-code → processor table (each processor on its own
 * executor, so families of requests never starve each other), matching responses to pending calls by
 * opaque, and the channel handler that closes a connection on a bad frame without touching others.
 *
 * <p>Threads: processors are registered before start; inbound commands arrive on event-loop threads
 * and run on the processor's executor; calls may be made from any thread.
 */
public abstract class NettyRemotingEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingEndpoint.class);
    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf("ferrymq.closing");

    private record Registration(RequestProcessor processor, ExecutorService executor) {
    }

    private record Pending(NettyChannel channel, CompletableFuture<RemotingCommand> future) {
    }

    /** @param at {@link System#nanoTime()} when the call with {@code opaque} times out */
    private record Deadline(int opaque, long at, int code, NettyChannel channel, long timeoutMillis) {
    }

    /** How often pending calls are checked for timeouts, so a timeout is reported up to this late. */
    static final long TIMEOUT_SCAN_MILLIS = 20;

    private final Map<Integer, Registration> processors = new ConcurrentHashMap<>();
    private volatile Registration defaultProcessor;
    /** Asked before every processor runs; null lets everything through. */
    private volatile RequestGate gate;
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    /**
     * When each call times out, in one queue per timeout value: calls join their queue as they are made, so each
     * queue is (to within microseconds) in deadline order and a scan only looks at heads. Entries of answered calls
     * stay until their deadline passes and are then dropped.
     */
    private final Map<Long, Queue<Deadline>> deadlines = new ConcurrentHashMap<>();
    /** Whether a timeout scan is scheduled; see {@link #scheduleTimeoutScan}. */
    private final AtomicBoolean timeoutScanScheduled = new AtomicBoolean();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final InboundHandler inboundHandler = new InboundHandler();

    /** Routes {@code codes} to {@code processor}, run on {@code executor}. */
    public void registerProcessor(RequestProcessor processor, ExecutorService executor, int... codes) {
        Registration r = new Registration(processor, executor);
        for (int code : codes) {
            processors.put(code, r);
        }
    }

    /** Handles codes no processor is registered for (instead of REQUEST_CODE_NOT_SUPPORTED). */
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        defaultProcessor = new Registration(processor, executor);
    }

    /**
     * Every request is shown to {@code gate} before its processor runs (after the code lookup and flow control, as
     * RocketMQ runs its server RPC hooks); a refused request never reaches the processor. Set before start.
     */
    public void setRequestGate(RequestGate gate) {
        this.gate = gate;
    }

    public void addConnectionListener(ConnectionListener listener) {
        listeners.add(listener);
    }

    /** The handlers of every connection, server or client side: idle close, framing, codec, dispatch. */
    void installPipeline(Channel ch, RemotingConfig config) {
        ch.pipeline().addLast(
                new IdleStateHandler(0, 0, config.getIdleSeconds()),
                new CommandDecoder(config.getMaxFrameLength()),
                CommandEncoder.INSTANCE,
                inboundHandler);
    }

    void write(NettyChannel channel, RemotingCommand command) {
        channel.netty().writeAndFlush(command).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.debug("FMQ-REMOTING-020 writing {} to {} failed: {}", command, channel, f.cause().toString());
            }
        });
    }

    CompletableFuture<RemotingCommand> invoke(NettyChannel channel, RemotingCommand request, long timeoutMillis) {
        CompletableFuture<RemotingCommand> future = new CompletableFuture<>();
        int opaque = request.opaque();
        pending.put(opaque, new Pending(channel, future));
        Channel netty = channel.netty();
        netty.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(opaque);
                future.completeExceptionally(new RemotingException(RemotingException.Kind.SEND_FAILED,
                        "FMQ-REMOTING-021 sending request " + request.code() + " to " + channel.remoteAddressText()
                                + " failed", f.cause()));
            }
        });
        deadlines.computeIfAbsent(timeoutMillis, t -> new ConcurrentLinkedQueue<>()).add(new Deadline(opaque,
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis), request.code(), channel, timeoutMillis));
        scheduleTimeoutScan(netty.eventLoop());
        return future;
    }

    /**
     * Makes sure a timeout scan is scheduled while calls are pending. One scan every {@link #TIMEOUT_SCAN_MILLIS}
     * replaces a timer task per call: scheduling that from the caller's thread woke the event loop and put one more
     * task into its timer heap for every request, thousands a second under load, each left there for the whole
     * timeout. A caller schedules a scan only when none is, so under load that is once per scan period.
     */
    private void scheduleTimeoutScan(EventLoop loop) {
        if (timeoutScanScheduled.get() || !timeoutScanScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.schedule(() -> scanTimeouts(loop), TIMEOUT_SCAN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The loop is shutting down; its channels are closing and their calls fail with them.
            timeoutScanScheduled.set(false);
        }
    }

    private void scanTimeouts(EventLoop loop) {
        long now = System.nanoTime();
        boolean more = false;
        for (Queue<Deadline> queue : deadlines.values()) {
            Deadline d;
            while ((d = queue.peek()) != null && now - d.at() >= 0) {
                queue.poll();
                Pending p = pending.remove(d.opaque());
                if (p != null) {
                    p.future().completeExceptionally(new RemotingException(RemotingException.Kind.TIMEOUT,
                            "FMQ-REMOTING-022 no response to request " + d.code() + " from "
                                    + d.channel().remoteAddressText() + " within " + d.timeoutMillis() + " ms"));
                }
            }
            more |= !queue.isEmpty();
        }
        timeoutScanScheduled.set(false);
        if (more) {
            scheduleTimeoutScan(loop);
        } else {
            // A call made after the look above saw a scan scheduled and scheduled none: look again.
            for (Queue<Deadline> queue : deadlines.values()) {
                if (!queue.isEmpty()) {
                    scheduleTimeoutScan(loop);
                    break;
                }
            }
        }
    }

    private void onResponse(RemotingCommand response) {
        Pending p = pending.remove(response.opaque());
        if (p == null) {
            LOG.debug("FMQ-REMOTING-023 response with opaque {} matches no pending call (timed out?)", response.opaque());
            return;
        }
        p.future().complete(response);
    }

    private void onRequest(NettyChannel channel, RemotingCommand request) {
        Registration r = processors.get(request.code());
        if (r == null) {
            r = defaultProcessor;
        }
        if (r == null) {
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.code() + " not supported"));
            return;
        }
        if (r.processor().rejectRequest()) {
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[REJECTREQUEST]system busy, start flow control for a while"));
            return;
        }
        Registration target = r;
        if (target.processor().runsOnIoThread(request)) {
            runProcessor(target.processor(), channel, request);
            return;
        }
        try {
            target.executor().execute(() -> runProcessor(target.processor(), channel, request));
        } catch (RejectedExecutionException e) {
            reply(channel, request, RemotingCommand.responseTo(request, ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]system busy, start flow control for a while"));
        }
    }

    private void runProcessor(RequestProcessor processor, NettyChannel channel, RemotingCommand request) {
        RemotingCommand response;
        try {
            RequestGate g = gate;
            RemotingCommand refusal = g == null ? null : g.refusalOf(channel, request);
            response = refusal != null ? refusal : processor.process(channel, request);
        } catch (RemotingCommandException | io.ferrymq.common.json.JsonException e) {
            // The client's mistake, answered with a clear remark: worth a line, not an alarm.
            LOG.info("FMQ-REMOTING-026 refused request {} from {}: {}", request.code(), channel, e.getMessage());
            response = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        } catch (Throwable t) {
            LOG.warn("FMQ-REMOTING-024 processing request {} from {} failed: {}", request.code(), channel, t.toString());
            response = RemotingCommand.responseTo(request, ResponseCode.SYSTEM_ERROR, t.toString());
        }
        if (response != null) {
            response.opaque(request.opaque());
            response.flag(response.flag() | RemotingCommand.RESPONSE_FLAG);
            reply(channel, request, response);
        }
    }

    private void reply(NettyChannel channel, RemotingCommand request, RemotingCommand response) {
        if (request.isOneway()) {
            Runnable release = response.afterBodyWritten();
            if (release != null) {
                release.run();
            }
            return;
        }
        write(channel, response);
    }

    private void failPendingOf(NettyChannel channel) {
        pending.entrySet().removeIf(e -> {
            if (e.getValue().channel() == channel) {
                e.getValue().future().completeExceptionally(new RemotingException(RemotingException.Kind.CLOSED,
                        "FMQ-REMOTING-025 connection to " + channel.remoteAddressText() + " closed"));
                return true;
            }
            return false;
        });
    }

    /** Per-channel inbound handling; stateless apart from the endpoint, so shared. */
    @ChannelHandler.Sharable
    private final class InboundHandler extends ChannelDuplexHandler {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            NettyChannel ch = NettyChannel.of(ctx.channel(), NettyRemotingEndpoint.this);
            for (ConnectionListener l : listeners) {
                l.onConnected(ch);
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            NettyChannel ch = NettyChannel.of(ctx.channel(), NettyRemotingEndpoint.this);
            failPendingOf(ch);
            for (ConnectionListener l : listeners) {
                l.onClosed(ch);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof RemotingCommand command)) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (command.isResponse()) {
                onResponse(command);
            } else {
                onRequest(NettyChannel.of(ctx.channel(), NettyRemotingEndpoint.this), command);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                LOG.info("FMQ-REMOTING-011 closing idle connection {}", NettyChannel.addressText(ctx.channel().remoteAddress()));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A decoder may raise again for bytes already buffered: log the refusal once per connection.
            if (ctx.channel().attr(CLOSING).setIfAbsent(Boolean.TRUE) != null) {
                return;
            }
            String peer = NettyChannel.addressText(ctx.channel().remoteAddress());
            if (cause instanceof IOException) {
                LOG.debug("FMQ-REMOTING-012 connection {} failed: {}", peer, cause.toString());
            } else if (cause instanceof TooLongFrameException) {
                LOG.warn("FMQ-REMOTING-013 closing connection {}: {}", peer, cause.getMessage());
            } else {
                LOG.warn("FMQ-REMOTING-010 closing connection {}: bad frame: {}", peer, cause.getMessage());
            }
            // Closing drops whatever else this peer sent; nothing it sent can harm other connections.
            ctx.close();
        }
    }
}
