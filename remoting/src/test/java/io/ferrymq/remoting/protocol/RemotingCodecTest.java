package io.ferrymq.remoting.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames from the protocol sheet, produced by the official 5.3.3 client, decode and re-encode exactly. */
class RemotingCodecTest {

    /** Header word + header + body of a frame, i.e. what follows the length field. */
    private static ByteBuffer afterLength(byte[] frame) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        int length = b.getInt();
        assertThat(length).isEqualTo(frame.length - 4);
        return b.slice();
    }

    @Test
    void decodesTheOfficialJsonRouteRequest() throws Exception {
        String header = "{\"code\":105,\"extFields\":{\"topic\":\"T1\"},\"flag\":0,\"language\":\"JAVA\",\"opaque\":7,"
                + "\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(8 + h.length).putInt(4 + h.length).putInt(h.length).put(h);
        assertThat(frame.capacity()).isEqualTo(132);
        RemotingCommand c = RemotingCodec.decode(afterLength(frame.array()));
        assertThat(c.code()).isEqualTo(105);
        assertThat(c.opaque()).isEqualTo(7);
        assertThat(c.version()).isEqualTo(479);
        assertThat(c.language()).isEqualTo(LanguageCode.JAVA);
        assertThat(c.ext("topic")).isEqualTo("T1");
        assertThat(c.serializeType()).isEqualTo(SerializeType.JSON);
        assertThat(c.isResponse()).isFalse();
    }

    @Test
    void decodesAndReencodesTheOfficialBinaryRouteRequestByteForByte() throws Exception {
        byte[] frame = HexFormat.of().parseHex(("00000026 01000022 0069 00 01df 00000007 00000000 00000000 0000000d 0005"
                + "746f706963 00000002 5431").replace(" ", ""));
        assertThat(frame).hasSize(42);
        RemotingCommand c = RemotingCodec.decode(afterLength(frame));
        assertThat(c.code()).isEqualTo(105);
        assertThat(c.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(c.ext("topic")).isEqualTo("T1");
        byte[] header = RemotingCodec.encodeHeader(c);
        ByteBuffer again = ByteBuffer.allocate(8 + header.length).putInt(4 + header.length)
                .putInt(RemotingCodec.headerWord(SerializeType.ROCKETMQ, header.length)).put(header);
        assertThat(again.array()).isEqualTo(frame);
    }

    @Test
    void ferryMqsOwnCodesAbove32767SurviveTheBinaryForm() throws Exception {
        RemotingCommand request = RemotingCommand.request(50_301).putExt("xid", "1:ab:").serializeType(SerializeType.ROCKETMQ);
        byte[] header = RemotingCodec.encodeHeader(request);
        ByteBuffer frame = ByteBuffer.allocate(4 + header.length)
                .putInt(RemotingCodec.headerWord(SerializeType.ROCKETMQ, header.length)).put(header);
        RemotingCommand back = RemotingCodec.decode(frame.flip());
        assertThat(back.code()).isEqualTo(50_301);
        assertThat(back.ext("xid")).isEqualTo("1:ab:");
    }

    @Test
    void jsonResponsesCarryRemarkFlagAndBody() throws Exception {
        RemotingCommand request = RemotingCommand.request(105).putExt("topic", "T1");
        RemotingCommand response = RemotingCommand.responseTo(request, 17, "No topic route info \"x\" \u0001")
                .body(new byte[] {1, 2, 3});
        byte[] header = RemotingCodec.encodeHeader(response);
        ByteBuffer frame = ByteBuffer.allocate(4 + header.length + 3).putInt(header.length).put(header).put(new byte[] {1, 2, 3});
        RemotingCommand decoded = RemotingCodec.decode(frame.flip());
        assertThat(decoded.isResponse()).isTrue();
        assertThat(decoded.code()).isEqualTo(17);
        assertThat(decoded.opaque()).isEqualTo(request.opaque());
        assertThat(decoded.remark()).isEqualTo("No topic route info \"x\" \u0001");
        assertThat(decoded.body()).containsExactly(1, 2, 3);
        assertThat(decoded.extFields()).isNull();
    }

    @Test
    void malformedHeadersAreRefusedWithAReason() {
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.wrap(new byte[] {0, 0})))
                .isInstanceOf(RemotingCommandException.class).hasMessageContaining("header word");
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.allocate(8).putInt(0, 0x00000100)))
                .isInstanceOf(RemotingCommandException.class).hasMessageContaining("header length 256");
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.allocate(8).putInt(0, 0x07000000)))
                .isInstanceOf(RemotingCommandException.class).hasMessageContaining("serialize type 7");
        byte[] json = "{\"code\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).flip()))
                .isInstanceOf(RemotingCommandException.class);
        byte[] notJson = "{\"code\":".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.allocate(4 + notJson.length).putInt(notJson.length).put(notJson).flip()))
                .isInstanceOf(RemotingCommandException.class).hasMessageContaining("malformed JSON header");
        byte[] binary = HexFormat.of().parseHex("0069000001df0000000700000000" + "7fffffff");
        assertThatThrownBy(() -> RemotingCodec.decode(ByteBuffer.allocate(4 + binary.length).putInt(0x01000000 | binary.length).put(binary).flip()))
                .isInstanceOf(RemotingCommandException.class).hasMessageContaining("remark length");
    }

    /** A typed header: required and optional fields as the official header classes have them. */
    static class SampleHeader {
        @Required
        String topic;
        @Required
        Integer queueId;
        Long offset;
        boolean unitMode;
    }

    @Test
    void typedHeadersMapToExtFieldsAndEnforceRequiredFields() throws Exception {
        SampleHeader h = new SampleHeader();
        h.topic = "T";
        h.queueId = 3;
        RemotingCommand c = RemotingCommand.request(1).header(h);
        assertThat(c.extFields()).containsEntry("topic", "T").containsEntry("queueId", "3")
                .containsEntry("unitMode", "false").doesNotContainKey("offset");
        SampleHeader back = c.header(SampleHeader.class);
        assertThat(back.queueId).isEqualTo(3);
        assertThat(back.offset).isNull();

        c.putExt("offset", "not-a-number");
        assertThat(c.header(SampleHeader.class).offset).as("bad optional value keeps the default").isNull();
        c.putExt("queueId", "three");
        assertThatThrownBy(() -> c.header(SampleHeader.class)).hasMessageContaining("queueId").hasMessageContaining("Integer");
        c.extFields().remove("topic");
        assertThatThrownBy(() -> c.header(SampleHeader.class)).hasMessage("the custom field <topic> is null");
    }
}
