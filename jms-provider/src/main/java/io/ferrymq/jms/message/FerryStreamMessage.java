package io.ferrymq.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A JMS stream message: a sequence of typed values read back with the conversions of spec 3.11.3. A read that fails
 * (conversion refused, unparsable string, null read as char) leaves the position where it was, so the value can be
 * read again as another type. Write-only until {@link #reset()}, read-only after it and on receipt. Not thread-safe
 * (see {@link FerryMessage}).
 */
public class FerryStreamMessage extends FerryMessage implements StreamMessage {
    /** Marks that no byte[] field is being read in chunks by readBytes. */
    private static final int NO_BYTES_FIELD = -1;

    private List<Object> values = new ArrayList<>();
    private int position;
    private int bytesFieldOffset = NO_BYTES_FIELD;

    public FerryStreamMessage() {
    }

    /** A message holding these values (owned from now on), as received: read-only, positioned at the start. */
    FerryStreamMessage(List<Object> values) {
        this.values = values;
        bodyReadOnly = true;
    }

    /** The values written so far, in either mode, for the codec; not to be changed. */
    List<Object> bodyValues() {
        return values;
    }

    @Override
    public void reset() {
        bodyReadOnly = true;
        position = 0;
        bytesFieldOffset = NO_BYTES_FIELD;
    }

    @Override
    public void makeReadOnly() {
        super.makeReadOnly();
        reset();
    }

    @Override
    public void clearBody() throws JMSException {
        super.clearBody();
        values = new ArrayList<>();
        position = 0;
        bytesFieldOffset = NO_BYTES_FIELD;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public boolean readBoolean() throws JMSException {
        return readConverted(ValueConversions::toBoolean);
    }

    @Override
    public byte readByte() throws JMSException {
        return readConverted(ValueConversions::toByte);
    }

    @Override
    public short readShort() throws JMSException {
        return readConverted(ValueConversions::toShort);
    }

    @Override
    public char readChar() throws JMSException {
        return readConverted(ValueConversions::toChar);
    }

    @Override
    public int readInt() throws JMSException {
        return readConverted(ValueConversions::toInt);
    }

    @Override
    public long readLong() throws JMSException {
        return readConverted(ValueConversions::toLong);
    }

    @Override
    public float readFloat() throws JMSException {
        return readConverted(ValueConversions::toFloat);
    }

    @Override
    public double readDouble() throws JMSException {
        return readConverted(ValueConversions::toDouble);
    }

    @Override
    public String readString() throws JMSException {
        return readConverted(ValueConversions::toText);
    }

    /** One conversion of the table, which may refuse the value. */
    @FunctionalInterface
    private interface Conversion<T> {
        T apply(Object value) throws JMSException;
    }

    /** Converts the value at the position and only then moves past it, so a refused read can be retried. */
    private <T> T readConverted(Conversion<T> conversion) throws JMSException {
        T value = conversion.apply(peek());
        position++;
        return value;
    }

    /** The next value as written; a byte[] comes back as a copy. */
    @Override
    public Object readObject() throws JMSException {
        Object v = peek();
        position++;
        return v instanceof byte[] bytes ? bytes.clone() : v;
    }

    /**
     * Reads a byte[] field in chunks of up to {@code value.length} bytes: returns the count copied, and -1 once the field
     * is exhausted (a field ending exactly at a chunk boundary takes one more call, which returns -1). A null field
     * returns -1, an empty one 0; either way the next call reads the next field.
     */
    @Override
    public int readBytes(byte[] value) throws JMSException {
        byte[] field;
        if (bytesFieldOffset == NO_BYTES_FIELD) {
            Object next = peek();
            if (next == null) {
                position++;
                return -1;
            }
            if (!(next instanceof byte[] bytes)) {
                throw MessageErrors.conversion(next, "byte[]");
            }
            if (bytes.length == 0) {
                position++;
                return 0;
            }
            field = bytes;
            bytesFieldOffset = 0;
        } else {
            field = (byte[]) values.get(position);
        }
        int remaining = field.length - bytesFieldOffset;
        if (remaining == 0) {
            endBytesField();
            return -1;
        }
        int n = Math.min(remaining, value.length);
        System.arraycopy(field, bytesFieldOffset, value, 0, n);
        bytesFieldOffset += n;
        if (n < value.length) {
            endBytesField();
        }
        return n;
    }

    private void endBytesField() {
        bytesFieldOffset = NO_BYTES_FIELD;
        position++;
    }

    /** The value at the read position, without moving it. */
    private Object peek() throws JMSException {
        if (!bodyReadOnly) {
            throw MessageErrors.bodyNotReadable();
        }
        if (bytesFieldOffset != NO_BYTES_FIELD) {
            throw new MessageFormatException("FMQ-JMS-314 the byte[] field at position " + position + " has been read"
                    + " only partly; call readBytes until it returns less than the buffer length (or -1) first",
                    "FMQ-JMS-314");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("FMQ-JMS-310 no more values: the stream holds " + values.size(),
                    "FMQ-JMS-310");
        }
        return values.get(position);
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        append(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        append(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        append(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        append(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        append(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        append(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        append(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        append(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        append(value);
    }

    /** Writes a copy of the array as one field. */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        append(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        if (offset < 0 || length < 0 || offset > value.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
                    + " do not fit an array of " + value.length);
        }
        byte[] slice = new byte[length];
        System.arraycopy(value, offset, slice, 0, length);
        append(slice);
    }

    /** Takes the wrapper types, String, byte[] (copied) and null. */
    @Override
    public void writeObject(Object value) throws JMSException {
        checkBodyWriteable();
        values.add(ValueConversions.checkedBodyValue(value));
    }

    private void append(Object value) throws JMSException {
        checkBodyWriteable();
        values.add(value);
    }

    // ---------------------------------------------------------------- getBody: never for stream messages

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        throw new MessageFormatException("FMQ-JMS-309 getBody is not defined for a StreamMessage; read its values"
                + " with the read methods", "FMQ-JMS-309");
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return false;
    }
}
