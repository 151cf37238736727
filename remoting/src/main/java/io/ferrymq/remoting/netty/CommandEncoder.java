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
 * Writes a command as one frame: length, header word, header, body. A body given as buffers is wrapped,
 * not copied, and the command's release callback runs once the write finished either way. Stateless;
 * shared by all channels.
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
            byte[] header = RemotingCodec.encodeHeader(command);
            int bodyLength = command.bodyLength();
            ByteBuf head = ctx.alloc().buffer(8 + header.length);
            head.writeInt(4 + header.length + bodyLength);
            head.writeInt(RemotingCodec.headerWord(command.serializeType(), header.length));
            head.writeBytes(header);
            frame = withBody(head, command);
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        ctx.write(frame, promise);
    }

    private static ByteBuf withBody(ByteBuf head, RemotingCommand command) {
        List<ByteBuffer> buffers = command.bodyBuffers();
        if (buffers != null && !buffers.isEmpty()) {
            ByteBuf[] parts = new ByteBuf[buffers.size() + 1];
            parts[0] = head;
            for (int i = 0; i < buffers.size(); i++) {
                parts[i + 1] = Unpooled.wrappedBuffer(buffers.get(i));
            }
            return Unpooled.wrappedUnmodifiableBuffer(parts);
        }
        byte[] body = command.body();
        if (body != null && body.length > 0) {
            return Unpooled.wrappedUnmodifiableBuffer(head, Unpooled.wrappedBuffer(body));
        }
        return head;
    }
}
