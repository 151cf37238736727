package io.ferrymq.store;

/**
 * How appended bytes get into the page cache of a CommitLog file, and how they are forced. Readers always
 * read through the file's mapping, whatever the mode: on Linux the page cache is shared, so bytes written
 * either way are visible there as soon as the write returns. See docs/storage.md, "Append path", for the
 * measurements behind the default.
 */
public enum CommitLogWriteMode {
    /** {@link #WRITE} under {@code SYNC_FLUSH}, {@link #MAPPED} under {@code ASYNC_FLUSH}. */
    AUTO,
    /**
     * Copy into the {@code MappedByteBuffer}; force with {@code msync}. Cheapest per record (no system call,
     * about 0.5 µs for 1 KiB), but a write fault marks the whole page-cache folio it lands in dirty, and on
     * kernels that cache files in large folios each small force then writes up to a MiB for a few KiB of
     * records.
     */
    MAPPED,
    /**
     * {@code write} system calls at the file offset ({@code RandomAccessFile.seek} + {@code write}, which,
     * unlike a {@code FileChannel}, thread interrupts cannot close); force with {@code FileChannel.force(false)}
     * ({@code fdatasync}). Two system calls per write (about 3 µs for a 1 KiB record written in two parts),
     * but only the blocks written become dirty, so a force writes what was appended plus the metadata of
     * newly allocated blocks.
     */
    WRITE;

    /** The mode actually used for {@code flushDiskType}. */
    public CommitLogWriteMode resolve(FlushDiskType flushDiskType) {
        if (this != AUTO) {
            return this;
        }
        return flushDiskType == FlushDiskType.SYNC_FLUSH ? WRITE : MAPPED;
    }
}
