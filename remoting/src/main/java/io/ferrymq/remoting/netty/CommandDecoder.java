package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.protocol.RemotingCodec;
import io.ferrymq.remoting.protocol.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the stream into frames by their 4-byte length (at most {@code maxFrameLength} bytes, length
 * field included) and decodes each into a command. A frame that is too long or does not decode raises
 * an exception that closes this connection only. One instance per channel.
 */
final class CommandDecoder extends LengthFieldBasedFrameDecoder {

    CommandDecoder(int maxFrameLength) {
        super(maxFrameLength, 0, 4, 0, 4);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return RemotingCodec.decode(frame.nioBuffer());
        } catch (RemotingCommandException e) {
            throw new CorruptedFrameException(e.getMessage(), e);
        } finally {
            frame.release();
        }
    }
}
