package io.ferrymq.benchmarks;

import io.ferrymq.store.CommitLogWriteMode;
import io.ferrymq.store.FlushDiskType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of one benchmark run, read from system properties {@code -Dbench.<name>=<value>} and then
 * from program arguments {@code <name>=<value>} (which win). Unknown names are refused so a typo does
 * not silently run the defaults.
 *
 * @param baseDir          directory under which the run creates (and afterwards deletes) its temp dir
 * @param warmupSeconds    store append cases: seconds appended before measuring starts
 * @param durationSeconds  store append cases: seconds measured
 * @param threads          writer thread counts, one append case each
 * @param flushTypes       flush types, one append case per thread count each
 * @param bodySize         message body size in bytes
 * @param readRecords      records appended and then read back by the read case
 * @param readPasses       measured read passes over those records (after one unmeasured pass)
 * @param baselineSeconds  seconds of each raw disk measurement
 * @param seqMaxBytes      cap on the bytes of the raw sequential write (never more than a quarter of
 *                         the free space either)
 * @param baseline         whether to run the raw disk measurements
 * @param read             whether to run the read case
 * @param pauseMillis      pause between cases, letting background writeback settle
 * @param writeMode        the stores' {@code commitLogWriteMode} (AUTO: write calls + fdatasync under SYNC_FLUSH,
 *                         mapped writes + msync under ASYNC_FLUSH)
 * @param mmapSeconds      seconds of the supplementary mmap write + msync loop (capped by
 *                         {@code baselineSeconds}; it makes the device write about 2 GB/s on the reference
 *                         machine, so it is kept short)
 * @param latencySampleEvery store append cases: one call in this many is timed (1 = every call). Reading the clock
 *                         twice per call costs about a tenth of an ASYNC_FLUSH append on the reference machine, so
 *                         the default times one call in 16: the calls timed are picked by position alone, so their
 *                         latencies are an unbiased sample, and the writer's throughput is not the harness's
 */
public record BenchmarkOptions(Path baseDir, int warmupSeconds, int durationSeconds, List<Integer> threads,
                               List<FlushDiskType> flushTypes, int bodySize, int readRecords, int readPasses,
                               int baselineSeconds,
                               long seqMaxBytes, boolean baseline, boolean read, long pauseMillis,
                               CommitLogWriteMode writeMode, int mmapSeconds, int latencySampleEvery,
                               int inFlight) {

    private static final String PREFIX = "bench.";
    private static final List<String> NAMES = List.of("baseDir", "warmupSeconds", "durationSeconds", "threads",
            "flushTypes", "bodySize", "readRecords", "readPasses", "baselineSeconds", "seqMaxBytes", "baseline",
            "read", "pauseMillis", "writeMode", "mmapSeconds", "latencySampleEvery", "inFlight");

    /** Reads system properties, then {@code name=value} arguments (may be prefixed {@code --} or {@code bench.}). */
    public static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (String name : NAMES) {
            String v = System.getProperty(PREFIX + name);
            if (v != null) {
                values.put(name, v);
            }
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not name=value; names: " + NAMES);
            }
            String name = arg.substring(0, eq);
            name = name.startsWith("--") ? name.substring(2) : name;
            name = name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; names: " + NAMES);
            }
            values.put(name, arg.substring(eq + 1));
        }
        return new BenchmarkOptions(
                Path.of(values.getOrDefault("baseDir", System.getProperty("java.io.tmpdir"))),
                intValue(values, "warmupSeconds", 2),
                intValue(values, "durationSeconds", 10),
                intList(values.getOrDefault("threads", "1,4,16")),
                flushTypes(values.getOrDefault("flushTypes", "ASYNC_FLUSH,SYNC_FLUSH")),
                intValue(values, "bodySize", 1024),
                intValue(values, "readRecords", 1_000_000),
                intValue(values, "readPasses", 5),
                intValue(values, "baselineSeconds", 10),
                Long.parseLong(values.getOrDefault("seqMaxBytes", Long.toString(16L << 30))),
                Boolean.parseBoolean(values.getOrDefault("baseline", "true")),
                Boolean.parseBoolean(values.getOrDefault("read", "true")),
                Long.parseLong(values.getOrDefault("pauseMillis", "1000")),
                CommitLogWriteMode.valueOf(values.getOrDefault("writeMode", "AUTO").trim().toUpperCase(Locale.ROOT)),
                intValue(values, "mmapSeconds", 3),
                positive(intValue(values, "latencySampleEvery", 16), "latencySampleEvery"),
                positive(intValue(values, "inFlight", 1), "inFlight"));
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return value;
    }

    private static int intValue(Map<String, String> values, String name, int defaultValue) {
        String v = values.get(name);
        return v == null ? defaultValue : Integer.parseInt(v.trim().replace("_", ""));
    }

    private static List<Integer> intList(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return List.copyOf(out);
    }

    private static List<FlushDiskType> flushTypes(String csv) {
        List<FlushDiskType> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(FlushDiskType.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return List.copyOf(out);
    }

    /** One line for the report header. */
    public String describe() {
        return "baseDir=" + baseDir + " warmup=" + warmupSeconds + "s duration=" + durationSeconds + "s threads="
                + threads + " flushTypes=" + flushTypes + " bodySize=" + bodySize + " readRecords=" + readRecords
                + " readPasses=" + readPasses + " baselineSeconds=" + baselineSeconds + " seqMaxBytes=" + seqMaxBytes
                + " writeMode=" + writeMode + " mmapSeconds=" + mmapSeconds + " latencySampleEvery=" + latencySampleEvery
                + " inFlight=" + inFlight;
    }
}
