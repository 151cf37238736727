/**
 * On-demand JMS benchmark: FerryMQ's Jakarta Messaging provider against ActiveMQ Artemis (embedded, from its Maven
 * Central artifacts) at matched durability, each in a JVM of its own, driven by the same {@code jakarta.jms}-only load
 * generator ({@link io.ferrymq.benchmarks.jms.JmsLoad}). {@link io.ferrymq.benchmarks.jms.JmsBenchmark} is the entry
 * point; {@link io.ferrymq.benchmarks.jms.ProviderRun} is the main program of each provider JVM. Main programs only,
 * never run by the build; see docs/benchmarks-jms.md.
 */
package io.ferrymq.benchmarks.jms;
