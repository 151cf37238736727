package io.ferrymq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures what a case cost the machine over an interval: CPU split into this JVM and everything else
 * (from {@code /proc/stat} and the JVM's process CPU time), and bytes the block device holding the
 * benchmark directory actually wrote (from {@code /sys/class/block/<dev>/stat}, so journal writes,
 * writeback of whole pages and other processes' writes all count). A high "other" CPU share means
 * another workload competed with the measurement. Linux only; elsewhere the figures are NaN.
 */
public final class ResourceSampler {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** USER_HZ: /proc/stat counts in 1/100 s on every mainstream Linux. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** Field 7 of the block device stat file: sectors written, always 512-byte units. */
    private static final int SECTORS_WRITTEN_FIELD = 6;
    private static final int SECTOR = 512;

    private final Path deviceStat;
    private final long startNanos;
    private final double startBusySeconds;
    private final double startProcessSeconds;
    private final double startDiskBytes;

    private ResourceSampler(Path deviceStat) {
        this.deviceStat = deviceStat;
        this.startNanos = System.nanoTime();
        this.startBusySeconds = machineBusySeconds();
        this.startProcessSeconds = processCpuSeconds();
        this.startDiskBytes = diskBytesWritten(deviceStat);
    }

    /** Starts measuring; disk writes are counted on the block device that holds {@code dir}. */
    public static ResourceSampler start(Path dir) {
        return new ResourceSampler(deviceStatOf(dir));
    }

    /** Usage since {@link #start}. */
    public ResourceUsage stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double busy = machineBusySeconds() - startBusySeconds;
        double self = processCpuSeconds() - startProcessSeconds;
        double disk = diskBytesWritten(deviceStat) - startDiskBytes;
        return new ResourceUsage(self / wall, Math.max(0, busy - self) / wall, disk);
    }

    /**
     * @param selfCores        cores used by this JVM on average (2.0 means two cores fully busy)
     * @param otherCores       cores used by everything else on average (other processes, kernel threads)
     * @param diskBytesWritten bytes the block device wrote meanwhile (NaN if unknown)
     */
    public record ResourceUsage(double selfCores, double otherCores, double diskBytesWritten) {
        @Override
        public String toString() {
            return "cpu: this JVM " + Units.fmt(selfCores) + " cores, other " + Units.fmt(otherCores)
                    + " cores; device wrote " + Units.fmt(diskBytesWritten / Units.MB) + " MB";
        }
    }

    private static Path deviceStatOf(Path dir) {
        try {
            String device = Path.of(Files.getFileStore(dir).name()).getFileName().toString();
            Path stat = Path.of("/sys/class/block", device, "stat");
            return Files.isReadable(stat) ? stat : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double diskBytesWritten(Path stat) {
        if (stat == null) {
            return Double.NaN;
        }
        try {
            String[] f = Files.readString(stat).trim().split("\\s+");
            return Long.parseLong(f[SECTORS_WRITTEN_FIELD]) * (double) SECTOR;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static double machineBusySeconds() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            String[] f = lines.get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
