/**
 * On-demand load generators for the storage engine: {@link io.ferrymq.benchmarks.StoreAppendBenchmark}
 * (store appends, read-back, ratios against the targets) and {@link io.ferrymq.benchmarks.DiskBaseline}
 * (raw disk reference). Main programs only, never run by the build; see docs/benchmarks.md.
 */
package io.ferrymq.benchmarks;
