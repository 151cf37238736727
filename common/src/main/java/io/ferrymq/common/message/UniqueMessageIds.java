package io.ferrymq.common.message;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates UNIQ_KEY message ids in the client's layout (protocol sheet 5.5): host IP, pid, a per-class-loader
 * hash, milliseconds since the start of the month, and a counter. Thread-safe.
 */
public final class UniqueMessageIds {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final byte[] PREFIX = prefix();
    private static volatile long monthStart;
    private static volatile long nextMonthStart;

    private UniqueMessageIds() {
    }

    private static byte[] prefix() {
        byte[] ip;
        try {
            ip = InetAddress.getLocalHost().getAddress();
        } catch (java.io.IOException e) {
            ip = new byte[] {127, 0, 0, 1};
        }
        if (ip.length != 4) {
            ip = new byte[] {127, 0, 0, 1};
        }
        return ByteBuffer.allocate(10).put(ip).putShort((short) ProcessHandle.current().pid())
                .putInt(UniqueMessageIds.class.getClassLoader() == null ? 0
                        : UniqueMessageIds.class.getClassLoader().hashCode()).array();
    }

    public static String next() {
        long now = System.currentTimeMillis();
        if (now >= nextMonthStart) {
            ZonedDateTime start = ZonedDateTime.now().withDayOfMonth(1).toLocalDate().atStartOfDay(ZonedDateTime.now().getZone());
            monthStart = start.toInstant().toEpochMilli();
            nextMonthStart = start.plusMonths(1).toInstant().toEpochMilli();
        }
        ByteBuffer b = ByteBuffer.allocate(16).put(PREFIX).putInt((int) (now - monthStart))
                .putShort((short) COUNTER.getAndIncrement());
        return HEX.formatHex(b.array());
    }
}
