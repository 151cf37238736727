/**
 * On-demand cluster benchmark: FerryMQ and Apache RocketMQ's own broker (from its Maven Central artifacts),
 * each in its own JVMs on loopback, driven in the same run by the same official Apache RocketMQ client.
 *
 * <p>{@link io.ferrymq.benchmarks.cluster.ClusterBenchmark} is the entry point. It uses only the JDK: it
 * resolves a separate classpath for each side, starts a nameserver and a broker per side as child
 * processes, runs {@link io.ferrymq.benchmarks.cluster.LoadGenerator} (official client only) against each
 * of them and prints the comparison. With {@code topology=master-slave} every broker is a master (ASYNC_MASTER,
 * then SYNC_MASTER) with a slave in a JVM of its own, and the report compares the roles
 * ({@link io.ferrymq.benchmarks.cluster.ReplicationReport}). Main programs only, never run by the build; see
 * docs/benchmarks-cluster.md and docs/benchmarks-replication.md.
 */
package io.ferrymq.benchmarks.cluster;
