package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames written by the encoder, read back by the decoder, through Netty's in-memory channel. */
class CommandEncoderTest {

    private static RemotingCommand roundTrip(ByteBuf frame) {
        EmbeddedChannel decoding = new EmbeddedChannel(new CommandDecoder(1 << 20));
        assertThat(decoding.writeInbound(frame)).isTrue();
        RemotingCommand decoded = decoding.readInbound();
        assertThat((Object) decoding.readInbound()).as("one frame, one command").isNull();
        decoding.finishAndReleaseAll();
        return decoded;
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void aByteArrayBodyTravelsWithTheHeaderInOneDirectBuffer(SerializeType type) {
        EmbeddedChannel encoding = new EmbeddedChannel(CommandEncoder.INSTANCE);
        byte[] body = "a body of some bytes".getBytes(StandardCharsets.UTF_8);
        encoding.writeOutbound(RemotingCommand.request(310).remark("r").putExt("topic", "t").body(body)
                .serializeType(type));
        ByteBuf frame = encoding.readOutbound();

        // One buffer the socket writes as it is: no composite, no heap array for the transport to copy again.
        assertThat(frame).isNotInstanceOf(CompositeByteBuf.class);
        assertThat(frame.isDirect()).isTrue();
        assertThat(frame.getInt(frame.readerIndex())).isEqualTo(frame.readableBytes() - 4);
        RemotingCommand decoded = roundTrip(frame);
        assertThat(decoded.code()).isEqualTo(310);
        assertThat(decoded.serializeType()).isEqualTo(type);
        assertThat(decoded.remark()).isEqualTo("r");
        assertThat(decoded.ext("topic")).isEqualTo("t");
        assertThat(decoded.body()).isEqualTo(body);

        encoding.writeOutbound(RemotingCommand.request(311).serializeType(type));
        RemotingCommand empty = roundTrip(encoding.readOutbound());
        assertThat(empty.code()).isEqualTo(311);
        assertThat(empty.body() == null || empty.body().length == 0).isTrue();
        encoding.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(SerializeType.class)
    void bufferBodiesAreWrappedUnchangedAndReleasedOnceWritten(SerializeType type) {
        EmbeddedChannel encoding = new EmbeddedChannel(CommandEncoder.INSTANCE);
        ByteBuffer heap = ByteBuffer.wrap("xxhead-".getBytes(StandardCharsets.UTF_8));
        heap.position(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put("tail".getBytes(StandardCharsets.UTF_8)).flip();
        AtomicInteger released = new AtomicInteger();
        encoding.writeOutbound(RemotingCommand.request(11).serializeType(type)
                .bodyBuffers(List.of(heap, direct), released::incrementAndGet));
        ByteBuf frame = encoding.readOutbound();

        assertThat(released.get()).isEqualTo(1);
        assertThat(heap.position()).isEqualTo(2);
        assertThat(direct.remaining()).isEqualTo(4);
        assertThat(frame.getInt(frame.readerIndex())).isEqualTo(frame.readableBytes() - 4);
        assertThat(new String(roundTrip(frame).body(), StandardCharsets.UTF_8)).isEqualTo("head-tail");
        encoding.finishAndReleaseAll();
    }
}
