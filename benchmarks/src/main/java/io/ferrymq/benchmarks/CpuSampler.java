package io.ferrymq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures how busy the machine's CPUs were during an interval, split into this JVM and everything
 * else (from {@code /proc/stat} and the JVM's process CPU time). A high "other" share means another
 * workload competed with the measurement. Linux only; elsewhere the figures are NaN.
 */
public final class CpuSampler {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** USER_HZ: /proc/stat counts in 1/100 s on every mainstream Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long startNanos;
    private final double startBusySeconds;
    private final double startProcessSeconds;

    private CpuSampler() {
        this.startNanos = System.nanoTime();
        this.startBusySeconds = machineBusySeconds();
        this.startProcessSeconds = processCpuSeconds();
    }

    public static CpuSampler start() {
        return new CpuSampler();
    }

    /** CPU usage since {@link #start()}, in cores (2.0 means two cores fully busy). */
    public CpuUsage stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double busy = machineBusySeconds() - startBusySeconds;
        double self = processCpuSeconds() - startProcessSeconds;
        return new CpuUsage(self / wall, Math.max(0, busy - self) / wall);
    }

    /**
     * @param selfCores  cores used by this JVM on average
     * @param otherCores cores used by everything else on average (other processes, kernel writeback)
     */
    public record CpuUsage(double selfCores, double otherCores) {
        @Override
        public String toString() {
            return "cpu: this JVM " + Units.fmt(selfCores) + " cores, other " + Units.fmt(otherCores) + " cores";
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
            // cpu user nice system idle iowait irq softirq steal ...
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
