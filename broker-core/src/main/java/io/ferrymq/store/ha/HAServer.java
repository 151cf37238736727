package io.ferrymq.store.ha;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Master side of replication: accepts slaves on the HA port and runs one {@link HAConnection} per slave,
 * which streams the CommitLog from the offset the slave reports (RocketMQ's HA protocol, sheet 7.2).
 * Owns its accept thread; connections own theirs.
 */
public final class HAServer {
    private static final Logger LOG = LoggerFactory.getLogger(HAServer.class);

    private final ReplicatedLog log;
    private final ReplicaAcks acks;
    private final HAConfig config;
    private final List<HAConnection> connections = new CopyOnWriteArrayList<>();
    private ServerSocketChannel server;
    private Thread acceptor;
    private volatile boolean running;

    public HAServer(ReplicatedLog log, ReplicaAcks acks, HAConfig config) {
        this.log = log;
        this.acks = acks;
        this.config = config;
    }

    public void start() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(config.bindAddress(), config.listenPort()));
        running = true;
        acceptor = new Thread(this::acceptLoop, "ferrymq-ha-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("FMQ-HA-001 replication listening on {}", server.getLocalAddress());
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.warn("FMQ-HA-003 accepting a slave failed: {}", e.toString());
                }
                continue;
            }
            try {
                ch.socket().setTcpNoDelay(true);
                HAConnection c = new HAConnection(ch, log, acks, config, connections::remove);
                connections.add(c);
                c.start();
                LOG.info("FMQ-HA-002 slave connected from {}", ch.getRemoteAddress());
            } catch (IOException e) {
                // The peer went away between connecting and being set up (a refused slave retrying, say).
                LOG.info("FMQ-HA-004 a slave connection closed during setup: {}", e.toString());
                closeQuietly(ch);
            }
        }
    }

    /** Tells every connection's writer that new bytes were published; cheap when writers are busy. */
    public void onAppended() {
        for (HAConnection c : connections) {
            c.onAppended();
        }
    }

    /** Slaves connected now. */
    public int connectedSlaves() {
        return connections.size();
    }

    /** The most any connected slave has reported holding; -1 when none is connected or none has reported. */
    public long bestConnectedSlaveOffset() {
        long best = -1;
        for (HAConnection c : connections) {
            best = Math.max(best, c.ackedOffset());
        }
        return best;
    }

    /** The smallest gap between this log's end and what a connected slave holds; Long.MAX_VALUE if none. */
    public long smallestSlaveGap() {
        long best = Long.MAX_VALUE;
        long max = log.maxOffset();
        for (HAConnection c : connections) {
            if (c.ackedOffset() >= 0) {
                best = Math.min(best, max - c.ackedOffset());
            }
        }
        return best;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    public void shutdown() {
        running = false;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        for (HAConnection c : connections) {
            c.close();
        }
    }
}
