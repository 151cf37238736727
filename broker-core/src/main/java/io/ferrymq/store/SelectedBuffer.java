package io.ferrymq.store;

import java.nio.ByteBuffer;

/**
 * A read-only slice of a mapped file that keeps the mapping alive until {@link #close()}.
 * Owned by one reader thread; close exactly once, and do not touch {@link #buffer()} afterwards.
 */
public final class SelectedBuffer implements AutoCloseable {
    private final MappedFile file;
    private final long startOffset;
    private final ByteBuffer buffer;
    private boolean closed;

    SelectedBuffer(MappedFile file, long startOffset, ByteBuffer buffer) {
        this.file = file;
        this.startOffset = startOffset;
        this.buffer = buffer;
    }

    /** Log offset of the first byte of {@link #buffer()}. */
    public long startOffset() {
        return startOffset;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int size() {
        return buffer.limit();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            file.release();
        }
    }
}
