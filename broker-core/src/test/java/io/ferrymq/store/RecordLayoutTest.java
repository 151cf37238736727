package io.ferrymq.store;

import io.ferrymq.common.message.DecodedMessage;
import io.ferrymq.common.message.MessageRecord;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored bytes are RocketMQ's record layout, byte for byte: checked against the real record the
 * official 5.3.3 client produced (protocol sheet, section 5.1).
 */
class RecordLayoutTest {
    @Test
    void encodesTheReferenceRecordExactly() {
        byte[] expected = HexFormat.of().parseHex(referenceHex());
        MessageToAppend m = new MessageToAppend("T1", 1, 0, "hello".getBytes(), "a\u0001b\u0002TAGS\u0001TagA\u0002", 0,
                0x18bcfe56800L, new InetSocketAddress("10.0.0.9", 54321), new InetSocketAddress("10.0.0.1", 10911), 0, 0);
        RecordEncoder encoder = new RecordEncoder();
        encoder.encode(m);
        ByteBuffer encoded = encoder.buffer();
        // The store patches these under its lock; use the reference's values.
        encoded.putLong(MessageRecord.QUEUE_OFFSET_POSITION, 5);
        encoded.putLong(MessageRecord.PHYSICAL_OFFSET_POSITION, 1234);
        encoded.putLong(MessageRecord.storeTimestampPosition(0), 0x18bcfe56864L);
        byte[] actual = new byte[encoded.limit()];
        encoded.get(0, actual);
        assertThat(HexFormat.of().formatHex(actual)).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void decodesTheReferenceRecordAndItsMessageId() {
        ByteBuffer buf = ByteBuffer.wrap(HexFormat.of().parseHex(referenceHex()));
        assertThat(MessageRecord.validate(buf, 0, buf.limit(), 1234, true).kind()).isEqualTo(MessageRecord.Kind.RECORD);
        DecodedMessage m = MessageRecord.decode(buf, 0);
        assertThat(m.topic()).isEqualTo("T1");
        assertThat(new String(m.body())).isEqualTo("hello");
        assertThat(m.queueId()).isEqualTo(1);
        assertThat(m.queueOffset()).isEqualTo(5);
        assertThat(m.property("TAGS")).isEqualTo("TagA");
        assertThat(m.bornHost()).isEqualTo(new InetSocketAddress("10.0.0.9", 54321));
        assertThat(m.offsetMessageId()).isEqualTo("0A00000100002A9F00000000000004D2");
    }

    @Test
    void rejectsABodyWhoseCrcDoesNotMatch() {
        byte[] raw = HexFormat.of().parseHex(referenceHex());
        raw[84 + 4] ^= 1;
        MessageRecord.Check check = MessageRecord.validate(ByteBuffer.wrap(raw), 0, raw.length, 1234, true);
        assertThat(check.kind()).isEqualTo(MessageRecord.Kind.CORRUPT);
        assertThat(check.reason()).contains("CRC");
    }

    /** The sheet's hex dump of the 112-byte record. */
    private static String referenceHex() {
        return ("00000070 daa320a7 3610a686 00000001 00000000 00000000 00000005 00000000 000004d2 00000000 0000018b cfe56800"
                + "0a000009 0000d431 0000018b cfe56864 0a000001 00002a9f 00000000 00000000 00000000 00000005 68656c6c 6f025431"
                + "000e6101 62025441 47530154 61674102").replace(" ", "");
    }
}
