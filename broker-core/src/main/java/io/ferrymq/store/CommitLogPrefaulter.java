package io.ferrymq.store;

/**
 * Reads the pages of the CommitLog's last file ahead of its write position through the mapping, so the
 * page-cache pages of that hole already exist when the appender's copy reaches them. Faulting a hole in a
 * shared file mapping makes the kernel allocate and zero-fill the page-cache folio on the faulting thread;
 * done here, the appender (the single thread that bounds {@code ASYNC_FLUSH} throughput) only takes the
 * write fault that marks the page dirty. One thread appending 1 KiB records went from about 0.6 M to about
 * 0.76 M records/s on the reference machine. The pages read stay clean, so they cost no disk writes, and
 * only {@code aheadBytes} of them exist before the writer gets there.
 *
 * <p>Only for {@link CommitLogWriteMode#MAPPED}: a {@code write} call that covers whole pages needs no
 * zero-fill, so WRITE mode gains nothing from it.
 *
 * <p>Threads: owns one daemon thread; started and stopped by {@link PeriodicFlushService}. It only reads,
 * and holds a reference on the file while it does, so it never races the writer or file deletion.
 */
final class CommitLogPrefaulter extends ServiceThread {
    /** Pages read per step, so a new file is covered progressively and stop() is noticed quickly. */
    private static final int STEP = 1 << 20;
    private static final long IDLE_PAUSE_MILLIS = 2;

    private final MappedFileQueue log;
    private final int aheadBytes;
    private MappedFile current;
    private int readUpTo;

    CommitLogPrefaulter(MappedFileQueue log, int aheadBytes) {
        super("ferrymq-commitlog-prefault");
        this.log = log;
        this.aheadBytes = aheadBytes;
    }

    @Override
    public void run() {
        while (isRunning()) {
            if (!step()) {
                pause(IDLE_PAUSE_MILLIS);
            }
        }
    }

    /** Reads the next step of pages if the last file has unread pages within reach; false when there is none. */
    private boolean step() {
        MappedFile f = log.last();
        if (f == null) {
            return false;
        }
        if (f != current) {
            current = f;
            readUpTo = 0;
        }
        int wrote = f.wrotePosition();
        int from = Math.max(readUpTo, wrote);
        int target = (int) Math.min(f.fileSize(), (long) wrote + aheadBytes);
        if (from >= target) {
            return false;
        }
        int to = Math.min(target, from + STEP);
        f.prefault(from, to);
        readUpTo = to;
        return true;
    }
}
