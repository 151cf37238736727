package io.ferrymq.broker.filter;

import io.ferrymq.common.filter.PropertySource;
import io.ferrymq.common.jms.JmsSelectorProperties;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The properties of one stored record as a {@link PropertySource}, read straight from the record's bytes: only
 * the names an expression uses are looked for, a value is decoded into a String only when the expression asks
 * for it, and each at most once per record. Nothing else of the record (body, topic, hosts) is decoded.
 * As a {@link JmsSelectorProperties.WireSource} it also answers the record fields a JMS selector may fall back
 * on (reconsume times, born timestamp, offset message id), read only when asked.
 *
 * <p>Not thread-safe: one instance per filtering thread, re-pointed at each record with {@link #reset}.
 */
public final class RecordProperties implements PropertySource, JmsSelectorProperties.WireSource {
    private static final byte NAME_VALUE_SEPARATOR = (byte) MessageProperties.NAME_VALUE_SEPARATOR;
    private static final byte PROPERTY_SEPARATOR = (byte) MessageProperties.PROPERTY_SEPARATOR;
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private final List<String> names;
    private final byte[][] nameBytes;
    private final String[] values;
    private final boolean[] looked;
    private ByteBuffer record;
    private int start;
    private int end;

    /** @param names the identifiers the expression reads; nothing else is ever looked up */
    public RecordProperties(List<String> names) {
        this.names = names;
        this.nameBytes = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            nameBytes[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.values = new String[names.size()];
        this.looked = new boolean[names.size()];
    }

    /**
     * Points at the record starting at position 0 of {@code record}; false (and no properties) if the record's
     * lengths do not add up, which a stored record's always do.
     */
    public boolean reset(ByteBuffer record) {
        this.record = record;
        java.util.Arrays.fill(looked, false);
        start = end = 0;
        int limit = record.limit();
        if (limit < MessageRecord.SYSFLAG_POSITION + 4) {
            return false;
        }
        int magic = record.getInt(MessageRecord.MAGIC_POSITION);
        int bodyLengthPos = MessageRecord.bodyLengthPosition(record.getInt(MessageRecord.SYSFLAG_POSITION));
        if (bodyLengthPos + 4 > limit) {
            return false;
        }
        int topicPos = bodyLengthPos + 4 + record.getInt(bodyLengthPos);
        if (topicPos < bodyLengthPos + 4 || topicPos + 2 > limit) {
            return false;
        }
        int topicLength = magic == MessageRecord.MAGIC_V1 ? record.get(topicPos) & 0xFF : record.getShort(topicPos) & 0xFFFF;
        int propsLengthPos = topicPos + (magic == MessageRecord.MAGIC_V1 ? 1 : 2) + topicLength;
        if (propsLengthPos + 2 > limit) {
            return false;
        }
        int propsLength = record.getShort(propsLengthPos) & 0xFFFF;
        if (propsLengthPos + 2 + propsLength > limit) {
            return false;
        }
        start = propsLengthPos + 2;
        end = start + propsLength;
        return true;
    }

    @Override
    public Object get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (!looked[i]) {
            values[i] = find(nameBytes[i]);
            looked[i] = true;
        }
        return values[i];
    }

    /**
     * Scans {@code name \u0001 value \u0002} entries for {@code name}; as in a decoded property map, the last
     * entry of that name wins.
     */
    private String find(byte[] name) {
        String found = null;
        int p = start;
        while (p < end) {
            int entryEnd = p;
            while (entryEnd < end && record.get(entryEnd) != PROPERTY_SEPARATOR) {
                entryEnd++;
            }
            int nameEnd = p + name.length;
            if (nameEnd < entryEnd && record.get(nameEnd) == NAME_VALUE_SEPARATOR && startsWith(p, name)) {
                byte[] value = new byte[entryEnd - nameEnd - 1];
                record.get(nameEnd + 1, value);
                found = new String(value, StandardCharsets.UTF_8);
            }
            p = entryEnd + 1;
        }
        return found;
    }

    @Override
    public String property(String wireName) {
        return (String) get(wireName);
    }

    /** The record's reconsume times; 0 if {@link #reset} refused the record (it leaves {@code end} at 0 then). */
    @Override
    public int reconsumeTimes() {
        if (end == 0) {
            return 0;
        }
        int sysFlag = record.getInt(MessageRecord.SYSFLAG_POSITION);
        return record.getInt(MessageRecord.storeHostPosition(sysFlag) + MessageRecord.storeHostLength(sysFlag));
    }

    @Override
    public long bornTimestamp() {
        return end == 0 ? 0 : record.getLong(MessageRecord.BORN_TIMESTAMP_POSITION);
    }

    /** The offset message id: hex of the store host's address and port and the commit-log offset. */
    @Override
    public String offsetMessageId() {
        if (end == 0) {
            return null;
        }
        int sysFlag = record.getInt(MessageRecord.SYSFLAG_POSITION);
        int host = MessageRecord.storeHostPosition(sysFlag);
        int hostLength = MessageRecord.storeHostLength(sysFlag);
        StringBuilder id = new StringBuilder((hostLength + 8) * 2);
        for (int i = host; i < host + hostLength; i++) {
            appendHex(id, record.get(i));
        }
        for (int i = 0; i < 8; i++) {
            appendHex(id, record.get(MessageRecord.PHYSICAL_OFFSET_POSITION + i));
        }
        return id.toString();
    }

    private static void appendHex(StringBuilder out, byte b) {
        out.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
    }

    private boolean startsWith(int p, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (record.get(p + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
