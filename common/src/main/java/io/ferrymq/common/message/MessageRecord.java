package io.ferrymq.common.message;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The stored message record: the RocketMQ layout used alike in the CommitLog and in pull responses
 * (see protocol sheet, section 5.1). Layout constants, validation and decoding; stateless and safe
 * from any thread. All reads use absolute positions, so callers' buffer positions never move.
 */
public final class MessageRecord {
    /** Topic length in one byte. Understood by every client, so used whenever the topic fits. */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Topic length in two bytes, for topics longer than 127 bytes. */
    public static final int MAGIC_V2 = 0xDAA320AB;
    /** Marks the unused tail of a CommitLog file: {@code [int remaining][int BLANK_MAGIC]}. */
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Room that must stay free at the end of a file for the blank marker. */
    public static final int END_FILE_MIN_BLANK_LENGTH = 8;

    public static final int TOTAL_SIZE_POSITION = 0;
    public static final int MAGIC_POSITION = 4;
    public static final int BODY_CRC_POSITION = 8;
    public static final int QUEUE_ID_POSITION = 12;
    public static final int FLAG_POSITION = 16;
    public static final int QUEUE_OFFSET_POSITION = 20;
    public static final int PHYSICAL_OFFSET_POSITION = 28;
    public static final int SYSFLAG_POSITION = 36;
    public static final int BORN_TIMESTAMP_POSITION = 40;
    public static final int BORN_HOST_POSITION = 48;

    /** Largest topic a V1 record can carry. */
    public static final int MAX_V1_TOPIC_LENGTH = 127;

    private MessageRecord() {
    }

    public static int hostLength(boolean ipv6) {
        return ipv6 ? 20 : 8;
    }

    public static int bornHostLength(int sysFlag) {
        return hostLength((sysFlag & MessageSysFlag.BORNHOST_V6) != 0);
    }

    public static int storeHostLength(int sysFlag) {
        return hostLength((sysFlag & MessageSysFlag.STOREHOST_V6) != 0);
    }

    public static int storeTimestampPosition(int sysFlag) {
        return BORN_HOST_POSITION + bornHostLength(sysFlag);
    }

    public static int storeHostPosition(int sysFlag) {
        return storeTimestampPosition(sysFlag) + 8;
    }

    /** Position of the body-length field. */
    public static int bodyLengthPosition(int sysFlag) {
        return storeHostPosition(sysFlag) + storeHostLength(sysFlag) + 4 + 8;
    }

    /** Exact record length for the given variable parts; the encoder and validation agree through it. */
    public static int recordLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        int topicLengthField = topicLength > MAX_V1_TOPIC_LENGTH ? 2 : 1;
        return bodyLengthPosition(sysFlag) + 4 + bodyLength + topicLengthField + topicLength + 2 + propertiesLength;
    }

    public static int bodyCrc(ByteBuffer buf, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(buf.duplicate().position(offset).limit(offset + length));
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static int bodyCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static int readTotalSize(ByteBuffer buf, int pos) {
        return buf.getInt(pos + TOTAL_SIZE_POSITION);
    }

    public static long readStoreTimestamp(ByteBuffer buf, int pos) {
        int sysFlag = buf.getInt(pos + SYSFLAG_POSITION);
        return buf.getLong(pos + storeTimestampPosition(sysFlag));
    }

    /**
     * Outcome of {@link #validate}: a record of {@code size} bytes, the blank tail of a file,
     * the zeroed end of the data, or a corrupt record.
     */
    public enum Kind { RECORD, BLANK, END, CORRUPT }

    /** The result of validating one position of a log. */
    public record Check(Kind kind, int size, String reason) {
        static Check corrupt(String reason) {
            return new Check(Kind.CORRUPT, 0, reason);
        }
    }

    /**
     * Validates the record at {@code pos}: magic, declared size against the sizes of its parts and
     * against {@code available}, the physical offset it claims, and (optionally) the body CRC.
     * A record that passes is never torn: its last field ends exactly at its declared size.
     */
    public static Check validate(ByteBuffer buf, int pos, int available, long expectedPhysicalOffset, boolean checkCrc) {
        if (available < 8) {
            return available <= 0 || isZero(buf, pos, available) ? new Check(Kind.END, 0, null)
                    : Check.corrupt("truncated header");
        }
        int totalSize = buf.getInt(pos);
        int magic = buf.getInt(pos + MAGIC_POSITION);
        if (magic == BLANK_MAGIC) {
            return new Check(Kind.BLANK, totalSize, null);
        }
        if (totalSize == 0 && magic == 0) {
            return new Check(Kind.END, 0, null);
        }
        if (magic != MAGIC_V1 && magic != MAGIC_V2) {
            return Check.corrupt("bad magic code " + Integer.toHexString(magic));
        }
        if (totalSize < 91 || totalSize > available) {
            return Check.corrupt("size " + totalSize + " outside 91.." + available);
        }
        int sysFlag = buf.getInt(pos + SYSFLAG_POSITION);
        long physicalOffset = buf.getLong(pos + PHYSICAL_OFFSET_POSITION);
        if (expectedPhysicalOffset >= 0 && physicalOffset != expectedPhysicalOffset) {
            return Check.corrupt("physical offset " + physicalOffset + " where " + expectedPhysicalOffset + " expected");
        }
        int bodyLengthPos = pos + bodyLengthPosition(sysFlag);
        if (bodyLengthPos + 4 > pos + totalSize) {
            return Check.corrupt("header longer than record");
        }
        int bodyLength = buf.getInt(bodyLengthPos);
        if (bodyLength < 0 || bodyLengthPos + 4 + bodyLength + 1 > pos + totalSize) {
            return Check.corrupt("body length " + bodyLength + " does not fit");
        }
        int topicPos = bodyLengthPos + 4 + bodyLength;
        int topicLength = magic == MAGIC_V1 ? buf.get(topicPos) & 0xFF : buf.getShort(topicPos) & 0xFFFF;
        int propsLengthPos = topicPos + (magic == MAGIC_V1 ? 1 : 2) + topicLength;
        if (propsLengthPos + 2 > pos + totalSize) {
            return Check.corrupt("topic length " + topicLength + " does not fit");
        }
        int propsLength = buf.getShort(propsLengthPos);
        if (propsLength < 0 || propsLengthPos + 2 + propsLength != pos + totalSize) {
            return Check.corrupt("parts do not add up to size " + totalSize);
        }
        if (checkCrc) {
            int storedCrc = buf.getInt(pos + BODY_CRC_POSITION);
            if (bodyCrc(buf, bodyLengthPos + 4, bodyLength) != storedCrc) {
                return Check.corrupt("body CRC mismatch");
            }
        }
        return new Check(Kind.RECORD, totalSize, null);
    }

    private static boolean isZero(ByteBuffer buf, int pos, int length) {
        for (int i = 0; i < length; i++) {
            if (buf.get(pos + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes the record at {@code pos} into a detached, fully materialised message. */
    public static DecodedMessage decode(ByteBuffer buf, int pos) {
        int totalSize = buf.getInt(pos);
        int magic = buf.getInt(pos + MAGIC_POSITION);
        int bodyCrc = buf.getInt(pos + BODY_CRC_POSITION);
        int queueId = buf.getInt(pos + QUEUE_ID_POSITION);
        int flag = buf.getInt(pos + FLAG_POSITION);
        long queueOffset = buf.getLong(pos + QUEUE_OFFSET_POSITION);
        long physicalOffset = buf.getLong(pos + PHYSICAL_OFFSET_POSITION);
        int sysFlag = buf.getInt(pos + SYSFLAG_POSITION);
        long bornTimestamp = buf.getLong(pos + BORN_TIMESTAMP_POSITION);
        int p = pos + BORN_HOST_POSITION;
        InetSocketAddress bornHost = readHost(buf, p, (sysFlag & MessageSysFlag.BORNHOST_V6) != 0);
        p += bornHostLength(sysFlag);
        long storeTimestamp = buf.getLong(p);
        p += 8;
        InetSocketAddress storeHost = readHost(buf, p, (sysFlag & MessageSysFlag.STOREHOST_V6) != 0);
        p += storeHostLength(sysFlag);
        int reconsumeTimes = buf.getInt(p);
        p += 4;
        long preparedTransactionOffset = buf.getLong(p);
        p += 8;
        int bodyLength = buf.getInt(p);
        p += 4;
        byte[] body = new byte[bodyLength];
        buf.get(p, body);
        p += bodyLength;
        int topicLength;
        if (magic == MAGIC_V1) {
            topicLength = buf.get(p) & 0xFF;
            p += 1;
        } else {
            topicLength = buf.getShort(p) & 0xFFFF;
            p += 2;
        }
        byte[] topic = new byte[topicLength];
        buf.get(p, topic);
        p += topicLength;
        int propsLength = buf.getShort(p);
        p += 2;
        byte[] props = new byte[propsLength];
        buf.get(p, props);
        return new DecodedMessage(totalSize, bodyCrc, queueId, flag, queueOffset, physicalOffset, sysFlag,
                bornTimestamp, bornHost, storeTimestamp, storeHost, reconsumeTimes, preparedTransactionOffset, body,
                new String(topic, StandardCharsets.UTF_8), new String(props, StandardCharsets.UTF_8));
    }

    private static InetSocketAddress readHost(ByteBuffer buf, int pos, boolean ipv6) {
        byte[] ip = new byte[ipv6 ? 16 : 4];
        buf.get(pos, ip);
        int port = buf.getInt(pos + ip.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("impossible: raw address of length " + ip.length, e);
        }
    }
}
