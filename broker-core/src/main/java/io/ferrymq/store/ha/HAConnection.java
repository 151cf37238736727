package io.ferrymq.store.ha;

import io.ferrymq.store.SelectedBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One slave's connection on the master: a reader thread takes the slave's 8-byte offset reports (the first
 * one says where to start), a writer thread sends {@code [long offset][int size][bytes]} chunks of the
 * CommitLog from there, and heartbeats {@code [offset][0]} when idle. Either side silent past the
 * housekeeping interval closes the connection; the slave reconnects.
 */
final class HAConnection {
    private static final Logger LOG = LoggerFactory.getLogger(HAConnection.class);

    private final SocketChannel channel;
    private final ReplicatedLog log;
    private final ReplicaAcks acks;
    private final HAConfig config;
    private final Consumer<HAConnection> onClose;
    private final String peer;
    private volatile long ackedOffset = -1;
    private volatile long transferFrom = -1;
    private volatile boolean open = true;
    private volatile Thread writer;
    /**
     * True while the writer is (about to be) parked waiting for new bytes; an append clears it with a CAS
     * and unparks, so appends that find the writer busy cost nothing (as the store's dispatcher does).
     */
    private final AtomicBoolean writerParked = new AtomicBoolean();

    HAConnection(SocketChannel channel, ReplicatedLog log, ReplicaAcks acks, HAConfig config,
                 Consumer<HAConnection> onClose) throws IOException {
        this.channel = channel;
        this.log = log;
        this.acks = acks;
        this.config = config;
        this.onClose = onClose;
        this.peer = String.valueOf(channel.getRemoteAddress());
    }

    long ackedOffset() {
        return ackedOffset;
    }

    void start() {
        Thread reader = new Thread(this::readReports, "ferrymq-ha-read-" + peer);
        Thread w = new Thread(this::transfer, "ferrymq-ha-write-" + peer);
        writer = w;
        reader.setDaemon(true);
        w.setDaemon(true);
        reader.start();
        w.start();
    }

    private void readReports() {
        try {
            channel.socket().setSoTimeout((int) config.housekeepingIntervalMillis());
            // A blocking channel ignores SO_TIMEOUT; reading through a stream honours it.
            ReadableByteChannel in = Channels.newChannel(channel.socket().getInputStream());
            ByteBuffer report = ByteBuffer.allocate(8);
            while (open) {
                report.clear();
                while (report.hasRemaining()) {
                    if (in.read(report) < 0) {
                        throw new EOFException("slave closed the connection");
                    }
                }
                long offset = report.getLong(0);
                if (transferFrom < 0) {
                    transferFrom = startingPoint(offset);
                }
                ackedOffset = offset;
                acks.onAck(offset);
            }
        } catch (SocketTimeoutException e) {
            LOG.warn("FMQ-HA-010 slave {} silent for {} ms; closing", peer, config.housekeepingIntervalMillis());
        } catch (IOException e) {
            if (open) {
                LOG.info("FMQ-HA-011 slave {} disconnected: {}", peer, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("FMQ-HA-012 slave {} refused: {}", peer, e.getMessage());
        }
        close();
    }

    /** Where to send from: the slave's offset, or the master's oldest byte for an empty slave. */
    private long startingPoint(long slaveOffset) {
        long min = log.minOffset();
        long max = log.maxOffset();
        if (slaveOffset == 0) {
            return min;
        }
        if (slaveOffset > max) {
            throw new IllegalStateException("slave holds " + slaveOffset + " bytes but this master only " + max
                    + ": the slave's data is not this master's; clear the slave's store");
        }
        if (slaveOffset < min) {
            throw new IllegalStateException("slave stopped at " + slaveOffset + " but this master's oldest byte is "
                    + min + ": clear the slave's store to copy afresh");
        }
        return slaveOffset;
    }

    private void transfer() {
        ByteBuffer header = ByteBuffer.allocate(12);
        long lastSend = System.currentTimeMillis();
        try {
            while (open && transferFrom < 0) {
                LockSupport.parkNanos(1_000_000L);
            }
            long next = transferFrom;
            while (open) {
                long max = log.maxOffset();
                if (next < max) {
                    int room = (int) Math.min(config.transferBatchSize(), log.fileSize() - next % log.fileSize());
                    SelectedBuffer chunk = log.read(next, room);
                    if (chunk == null) {
                        // Crossing into the next file: it appears once its first record is published.
                        LockSupport.parkNanos(500_000L);
                        continue;
                    }
                    try {
                        header.clear();
                        header.putLong(next).putInt(chunk.size()).flip();
                        ByteBuffer data = chunk.buffer().duplicate();
                        while (header.hasRemaining() || data.hasRemaining()) {
                            channel.write(new ByteBuffer[] {header, data});
                        }
                        next += chunk.size();
                    } finally {
                        chunk.close();
                    }
                    lastSend = System.currentTimeMillis();
                } else if (System.currentTimeMillis() - lastSend >= config.heartbeatIntervalMillis()) {
                    header.clear();
                    header.putLong(next).putInt(0).flip();
                    while (header.hasRemaining()) {
                        channel.write(header);
                    }
                    lastSend = System.currentTimeMillis();
                } else {
                    awaitAppend(next, lastSend);
                }
            }
        } catch (IOException e) {
            if (open) {
                LOG.info("FMQ-HA-013 sending to slave {} failed: {}", peer, e.getMessage());
            }
        }
        close();
    }

    /**
     * Parks until an append wakes the writer or the next heartbeat is due. The flag goes up before the last
     * look at the log's end, so an append published after that look finds it up and unparks.
     */
    private void awaitAppend(long next, long lastSend) {
        writerParked.set(true);
        if (log.maxOffset() <= next && open) {
            long untilHeartbeat = config.heartbeatIntervalMillis() - (System.currentTimeMillis() - lastSend);
            LockSupport.parkNanos(Math.max(1, untilHeartbeat) * 1_000_000L);
        }
        writerParked.set(false);
    }

    /** Called after every append that published bytes: wakes the writer if it waits for them. */
    void onAppended() {
        if (writerParked.get() && writerParked.compareAndSet(true, false)) {
            Thread w = writer;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    void close() {
        if (!open) {
            return;
        }
        open = false;
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closing
        }
        onClose.accept(this);
    }
}
