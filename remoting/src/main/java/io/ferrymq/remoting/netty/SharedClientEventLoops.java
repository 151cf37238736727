package io.ferrymq.remoting.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The client event loop groups of this JVM: one per thread count, started by the first client that asks for that
 * count and shut down when the last one using it lets go. Keyed by size so every client runs on exactly the
 * {@code ioThreads} it was configured with, whatever order clients start in (all of FerryMQ's own clients use the
 * default, so in practice there is one group). The transport (epoll or NIO) is the one chosen when the group started.
 * Thread-safe: counts are kept under one lock; starting and stopping threads happens outside it.
 */
final class SharedClientEventLoops {
    private static final Logger LOG = LoggerFactory.getLogger(SharedClientEventLoops.class);
    static final String THREAD_NAME = "ferrymq-client-io";

    private static final class Shared {
        final EventLoopGroup group;
        int users;

        Shared(EventLoopGroup group) {
            this.group = group;
        }
    }

    /** Guarded by itself. */
    private static final Map<Integer, Shared> GROUPS = new HashMap<>();

    private SharedClientEventLoops() {
    }

    /** The shared group of {@code threads} threads, counting one more user; every call needs one {@link #release}. */
    static EventLoopGroup acquire(int threads) {
        synchronized (GROUPS) {
            Shared shared = GROUPS.get(threads);
            if (shared == null) {
                // Netty starts a loop's thread only when a first channel registers with it: creating is cheap.
                shared = new Shared(Transport.group(threads, THREAD_NAME));
                GROUPS.put(threads, shared);
                LOG.debug("FMQ-REMOTING-040 shared client event loops of {} threads created ({})", threads,
                        Transport.nativeEpoll() ? "epoll" : "nio");
            }
            shared.users++;
            return shared.group;
        }
    }

    /**
     * One user fewer of {@code group}. The last one shuts it down, gracefully (tasks already queued still run), and
     * gets the future of its termination; others get null. The next {@link #acquire} then starts a fresh group.
     */
    static Future<?> release(EventLoopGroup group) {
        synchronized (GROUPS) {
            Shared shared = null;
            for (Shared s : GROUPS.values()) {
                if (s.group == group) {
                    shared = s;
                    break;
                }
            }
            if (shared == null) {
                throw new IllegalStateException("FMQ-REMOTING-041 released an event loop group that is not shared");
            }
            if (--shared.users > 0) {
                return null;
            }
            GROUPS.values().remove(shared);
        }
        LOG.debug("FMQ-REMOTING-042 last client gone: shared client event loops shutting down");
        return group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
