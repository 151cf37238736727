package io.ferrymq.jms.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A JMS bytes message: big-endian primitives and modified-UTF-8 strings as {@link java.io.DataOutputStream} writes
 * them. Write-only until {@link #reset()}, read-only after it and on receipt. Not thread-safe (see
 * {@link FerryMessage}).
 */
public class FerryBytesMessage extends FerryMessage implements BytesMessage {
    private static final byte[] EMPTY = new byte[0];
    private static final String WRITE_OBJECT_TYPES =
            "Boolean, Byte, Short, Character, Integer, Long, Float, Double, String and byte[]";

    private byte[] buffer = EMPTY;
    private int size;
    private int position;

    public FerryBytesMessage() {
    }

    /** A message holding these bytes (not copied), as received: read-only, positioned at the start. */
    FerryBytesMessage(byte[] body) {
        buffer = body;
        size = body.length;
        bodyReadOnly = true;
    }

    /** The body written so far, in either mode; a copy. */
    byte[] bodyBytes() {
        return Arrays.copyOf(buffer, size);
    }

    @Override
    public void reset() {
        bodyReadOnly = true;
        position = 0;
    }

    @Override
    public void makeReadOnly() {
        super.makeReadOnly();
        position = 0;
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        buffer = EMPTY;
        size = 0;
        position = 0;
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return size;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public boolean readBoolean() throws JMSException {
        return readByte() != 0;
    }

    @Override
    public byte readByte() throws JMSException {
        int at = take(1);
        return buffer[at];
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws JMSException {
        return (short) bigEndian(take(2), 2);
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return (int) bigEndian(take(2), 2);
    }

    @Override
    public char readChar() throws JMSException {
        return (char) bigEndian(take(2), 2);
    }

    @Override
    public int readInt() throws JMSException {
        return (int) bigEndian(take(4), 4);
    }

    @Override
    public long readLong() throws JMSException {
        return bigEndian(take(8), 8);
    }

    @Override
    public float readFloat() throws JMSException {
        return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws JMSException {
        return Double.longBitsToDouble(readLong());
    }

    /** Reads what writeUTF wrote; a malformed string leaves the position where it was. */
    @Override
    public String readUTF() throws JMSException {
        checkReadable();
        if (size - position < 2) {
            throw endOfBody(2);
        }
        int length = (int) bigEndian(position, 2);
        if (size - position - 2 < length) {
            throw endOfBody(2 + length);
        }
        try {
            String value = new DataInputStream(new ByteArrayInputStream(buffer, position, 2 + length)).readUTF();
            position += 2 + length;
            return value;
        } catch (IOException e) {
            throw new MessageFormatException("FMQ-JMS-311 the bytes at position " + position
                    + " are not a modified-UTF-8 string: " + e.getMessage(), "FMQ-JMS-311");
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /** Reads up to {@code length} bytes; -1 once the body is exhausted. */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " is outside 0.." + value.length);
        }
        checkReadable();
        if (position >= size) {
            return -1;
        }
        int n = Math.min(length, size - position);
        System.arraycopy(buffer, position, value, 0, n);
        position += n;
        return n;
    }

    private int take(int n) throws JMSException {
        checkReadable();
        if (size - position < n) {
            throw endOfBody(n);
        }
        int at = position;
        position += n;
        return at;
    }

    private long bigEndian(int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buffer[at + i] & 0xFF);
        }
        return v;
    }

    private MessageEOFException endOfBody(int wanted) {
        return new MessageEOFException("FMQ-JMS-310 " + wanted + " bytes wanted at position " + position + " but the body"
                + " has " + size + " bytes", "FMQ-JMS-310");
    }

    private void checkReadable() throws JMSException {
        if (!bodyReadOnly) {
            throw MessageErrors.bodyNotReadable();
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        writeByte((byte) (value ? 1 : 0));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        ensureWritable(1);
        buffer[size++] = value;
    }

    @Override
    public void writeShort(short value) throws JMSException {
        writeBigEndian(value, 2);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        writeBigEndian(value, 2);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        writeBigEndian(value, 4);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        writeBigEndian(value, 8);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        writeInt(Float.floatToRawIntBits(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        writeLong(Double.doubleToRawLongBits(value));
    }

    /** @throws MessageFormatException if the string's modified UTF-8 form exceeds 65535 bytes */
    @Override
    public void writeUTF(String value) throws JMSException {
        checkBodyWriteable();
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length() + 2);
        try {
            new DataOutputStream(out).writeUTF(value);
        } catch (IOException e) {
            throw new MessageFormatException("FMQ-JMS-312 writeUTF takes strings of at most 65535 bytes in modified"
                    + " UTF-8; use a TextMessage or writeBytes for longer text", "FMQ-JMS-312");
        }
        writeBytes(out.toByteArray());
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        writeBytes(value, 0, value.length);
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
                    + " do not fit an array of " + value.length);
        }
        ensureWritable(length);
        System.arraycopy(value, offset, buffer, size, length);
        size += length;
    }

    /** @throws NullPointerException if value is null, as the spec says */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value == null) {
            throw new NullPointerException("FMQ-JMS-305 BytesMessage.writeObject does not take null");
        }
        if (value instanceof Boolean v) {
            writeBoolean(v);
        } else if (value instanceof Byte v) {
            writeByte(v);
        } else if (value instanceof Short v) {
            writeShort(v);
        } else if (value instanceof Character v) {
            writeChar(v);
        } else if (value instanceof Integer v) {
            writeInt(v);
        } else if (value instanceof Long v) {
            writeLong(v);
        } else if (value instanceof Float v) {
            writeFloat(v);
        } else if (value instanceof Double v) {
            writeDouble(v);
        } else if (value instanceof String v) {
            writeUTF(v);
        } else if (value instanceof byte[] v) {
            writeBytes(v);
        } else {
            throw MessageErrors.unsupportedValue(value, WRITE_OBJECT_TYPES);
        }
    }

    private void writeBigEndian(long value, int n) throws JMSException {
        ensureWritable(n);
        for (int i = n - 1; i >= 0; i--) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensureWritable(int n) throws JMSException {
        checkBodyWriteable();
        if (buffer.length - size < n) {
            long wanted = Math.max((long) size + n, Math.min(2L * buffer.length + 64, Integer.MAX_VALUE - 8));
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new MessageFormatException("FMQ-JMS-313 a bytes message body cannot exceed 2 GiB", "FMQ-JMS-313");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }

    // ---------------------------------------------------------------- getBody

    @Override
    boolean hasBody() {
        return size > 0;
    }

    @Override
    Class<?> bodyClass() {
        return byte[].class;
    }

    /** The whole body; as the spec says, the message is reset before and after. */
    @Override
    Object bodyValue() {
        reset();
        byte[] body = bodyBytes();
        reset();
        return body;
    }
}
