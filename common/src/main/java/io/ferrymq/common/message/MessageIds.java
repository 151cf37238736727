package io.ferrymq.common.message;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Offset message ids: upper-case hex of store host IP, port and commit-log offset (protocol sheet 5.5).
 * Stateless.
 */
public final class MessageIds {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MessageIds() {
    }

    public static String offsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {
        byte[] ip = storeHost.getAddress().getAddress();
        ByteBuffer buf = ByteBuffer.allocate(ip.length + 12);
        buf.put(ip).putInt(storeHost.getPort()).putLong(commitLogOffset);
        return HEX.formatHex(buf.array());
    }

    /** Commit-log offset inside an offset message id; the length alone tells IPv4 (32) from IPv6 (56). */
    public static long commitLogOffsetOf(String offsetMessageId) {
        int len = offsetMessageId.length();
        if (len != 32 && len != 56) {
            throw new IllegalArgumentException("not an offset message id (32 or 56 hex digits): " + offsetMessageId);
        }
        byte[] raw = HEX.parseHex(offsetMessageId.toUpperCase(Locale.ROOT));
        return ByteBuffer.wrap(raw).getLong(raw.length - 8);
    }
}
