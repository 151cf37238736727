package io.ferrymq.store.ha;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * Slave side of replication: connects to the master's HA port, reports how much of the CommitLog it
 * holds, appends the chunks the master streams at exactly their offsets (refusing any that do not follow
 * on), and reports again after each. Reconnects after failures. Owns its thread.
 */
public final class HAClient {
    private static final Logger LOG = LoggerFactory.getLogger(HAClient.class);
    /** Bounds the receive buffer whatever a (broken) master claims. */
    private static final int MAX_CHUNK_BYTES = 64 * 1024 * 1024;

    private final ReplicatedLog log;
    private final HAConfig config;
    private final Thread thread;
    private volatile String masterAddress;
    private volatile boolean running = true;
    private volatile SocketChannel channel;
    private volatile long lastMasterOffset = -1;

    public HAClient(ReplicatedLog log, HAConfig config, String masterAddress) {
        this.log = log;
        this.config = config;
        this.masterAddress = masterAddress;
        this.thread = new Thread(this::run, "ferrymq-ha-client");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Follows another master address from now on (as the nameserver names it). */
    public synchronized void masterAddress(String address) {
        if (address != null && !address.equals(masterAddress)) {
            LOG.info("FMQ-HA-020 replicating from master {}", address);
            masterAddress = address;
            closeChannel();
        }
    }

    /** The master's CommitLog end as last heard, -1 before any contact. */
    public long lastMasterOffset() {
        return lastMasterOffset;
    }

    private void run() {
        while (running) {
            String address = masterAddress;
            if (address == null) {
                sleep(200);
                continue;
            }
            try {
                replicateFrom(address);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.info("FMQ-HA-021 replication from {} stopped: {}; reconnecting in {} ms", address,
                            e.getMessage(), config.reconnectIntervalMillis());
                }
            } finally {
                closeChannel();
            }
            sleep(config.reconnectIntervalMillis());
        }
    }

    private void replicateFrom(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        SocketChannel ch = SocketChannel.open();
        channel = ch;
        ch.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
        ch.socket().setTcpNoDelay(true);
        ch.socket().setSoTimeout((int) config.housekeepingIntervalMillis());
        ReadableByteChannel in = Channels.newChannel(ch.socket().getInputStream());
        ByteBuffer report = ByteBuffer.allocate(8);
        report(ch, report);
        ByteBuffer header = ByteBuffer.allocate(12);
        ByteBuffer data = ByteBuffer.allocate(config.transferBatchSize());
        while (running) {
            header.clear();
            readFully(in, header);
            long offset = header.getLong(0);
            int size = header.getInt(8);
            lastMasterOffset = offset + Math.max(0, size);
            // The master picks the chunk size (its own haTransferBatchSize); anything up to one file is legal.
            if (size < 0 || size > Math.min(log.fileSize(), MAX_CHUNK_BYTES)) {
                throw new IOException("master sent a chunk of " + size + " bytes");
            }
            if (size > data.capacity()) {
                data = ByteBuffer.allocate(size);
            }
            if (size > 0) {
                data.clear().limit(size);
                readFully(in, data);
                data.flip();
                long mine = log.maxOffset();
                boolean empty = mine == 0 && log.minOffset() == 0;
                if (offset != mine && !(empty && offset % log.fileSize() == 0)) {
                    throw new IOException("master sent offset " + offset + " but this slave holds up to " + mine);
                }
                log.appendReplicated(offset, data);
            }
            report(ch, report);
        }
    }

    private void report(SocketChannel ch, ByteBuffer report) throws IOException {
        report.clear();
        report.putLong(log.maxOffset()).flip();
        while (report.hasRemaining()) {
            ch.write(report);
        }
    }

    private static void readFully(ReadableByteChannel in, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b) < 0) {
                throw new EOFException("master closed the connection");
            }
        }
    }

    private void closeChannel() {
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public void shutdown() {
        running = false;
        closeChannel();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
