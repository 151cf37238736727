package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.protocol.RemotingCodec;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Writes a command as one frame: length, header word, header, body. A body held in a byte array (every client
 * request, most responses) is copied once, with the header, into one pooled I/O buffer: the socket writes a direct
 * buffer as it is, whereas a frame wrapping a heap array is copied whole into a direct one first. A body given as
 * buffers (the broker's zero-copy reads of its store) is wrapped, not copied, and the command's release callback runs
 * once the write finished either way. Stateless; shared by all channels.
 */
@ChannelHandler.Sharable
final class CommandEncoder extends ChannelOutboundHandlerAdapter {
    static final CommandEncoder INSTANCE = new CommandEncoder();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof RemotingCommand command)) {
            ctx.write(msg, promise);
            return;
        }
        Runnable afterWritten = command.afterBodyWritten();
        if (afterWritten != null) {
            promise.addListener(f -> afterWritten.run());
        }
        ByteBuf frame;
        try {
            frame = encode(ctx, command);
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        ctx.write(frame, promise);
    }

    private static ByteBuf encode(ChannelHandlerContext ctx, RemotingCommand command) {
        byte[] header = RemotingCodec.encodeHeader(command);
        int bodyLength = command.bodyLength();
        List<ByteBuffer> buffers = command.bodyBuffers();
        boolean wrapBody = buffers != null && !buffers.isEmpty();
        ByteBuf out = ctx.alloc().ioBuffer(8 + header.length + (wrapBody ? 0 : bodyLength));
        out.writeInt(4 + header.length + bodyLength);
        out.writeInt(RemotingCodec.headerWord(command.serializeType(), header.length));
        out.writeBytes(header);
        if (!wrapBody) {
            byte[] body = command.body();
            if (body != null) {
                out.writeBytes(body);
            }
            return out;
        }
        ByteBuf[] parts = new ByteBuf[buffers.size() + 1];
        parts[0] = out;
        for (int i = 0; i < buffers.size(); i++) {
            parts[i + 1] = Unpooled.wrappedBuffer(buffers.get(i));
        }
        return Unpooled.wrappedUnmodifiableBuffer(parts);
    }
}
