package io.ferrymq.benchmarks.cluster;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The four classpaths of a run, kept apart so that no process sees the other product's jars:
 *
 * <ul>
 *   <li>FerryMQ's nameserver and broker: {@code target/cluster/ferrymq-server.classpath}, written by this
 *       module's build with {@code -Pcluster-bench}: its runtime classpath (so the reactor's own FerryMQ jars)
 *       plus the nameserver and logback, without the benchmark-only jars. The official client is a
 *       {@code provided} dependency of this module and therefore not in that file.</li>
 *   <li>Apache RocketMQ's nameserver, its broker, and the load generator (official client + HdrHistogram):
 *       each resolved by Maven from a generated stand-alone pom under {@code target/cluster/}, with no
 *       parent, so every version is the one Apache RocketMQ declares (FerryMQ's dependency management,
 *       e.g. its Netty version, does not apply). Results are cached next to the pom.</li>
 * </ul>
 */
public record Classpaths(Path benchmarkJar, String ferrymqServer, String rocketmqNamesrv, String rocketmqBroker,
                  String client) {

    /** Pinned like the parent pom's pluginManagement, so that Maven need not look the version up. */
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

    static Classpaths resolve(ClusterOptions o) throws Exception {
        Path jar = ownLocation();
        Path target = jar.getParent();
        String ferrymq = ferrymqServer(target);
        String v = o.get("rocketmqVersion");
        Path dir = target.resolve("cluster");
        Files.createDirectories(dir);
        String namesrv = resolveWithMaven(o, dir, "rocketmq-namesrv",
                List.of("org.apache.rocketmq:rocketmq-namesrv:" + v));
        String broker = resolveWithMaven(o, dir, "rocketmq-broker",
                List.of("org.apache.rocketmq:rocketmq-broker:" + v));
        String client = resolveWithMaven(o, dir, "client",
                List.of("org.apache.rocketmq:rocketmq-client:" + v,
                        "org.hdrhistogram:HdrHistogram:" + o.get("hdrHistogramVersion")));
        return new Classpaths(jar, ferrymq, namesrv, broker, client);
    }

    /** The load generator's classpath: this module's classes (only the cluster package is used) plus the client. */
    String loadGenerator() {
        return benchmarkJar + File.pathSeparator + client;
    }

    /** This module's jar (or classes directory when run from an IDE). */
    private static Path ownLocation() throws URISyntaxException {
        Path p = Path.of(ClusterBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return p.toAbsolutePath();
    }

    private static String ferrymqServer(Path target) throws IOException {
        Path file = target.resolve("cluster").resolve("ferrymq-server.classpath");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build the module with -Pcluster-bench"
                    + " (see docs/benchmarks-cluster.md)");
        }
        String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
        for (String required : List.of("ferrymq-namesrv", "ferrymq-broker-core", "logback-classic")) {
            if (!cp.contains(required)) {
                throw new IllegalStateException(file + " lacks " + required + ": rebuild the module with -Pcluster-bench");
            }
        }
        if (cp.contains("rocketmq")) {
            throw new IllegalStateException(file + " contains Apache RocketMQ jars: " + cp);
        }
        checkEntries(cp, file);
        return cp;
    }

    /**
     * Writes a stand-alone pom depending on {@code coordinates} and asks Maven for its runtime classpath,
     * unless the same pom was resolved before and every jar is still there. build-classpath lists the
     * dependencies of the generated project: the artifacts named and everything they pull in.
     */
    private static String resolveWithMaven(ClusterOptions o, Path dir, String name, List<String> coordinates)
            throws IOException, InterruptedException {
        Path projectDir = dir.resolve(name);
        Files.createDirectories(projectDir);
        Path pom = projectDir.resolve("pom.xml");
        Path out = dir.resolve(name + ".classpath");
        String content = pom(name, coordinates);
        boolean samePom = Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).equals(content);
        if (samePom && Files.isRegularFile(out)) {
            String cached = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (allExist(cached)) {
                return cached;
            }
        }
        Files.writeString(pom, content, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        List<String> cmd = new ArrayList<>();
        cmd.add(o.get("mvn"));
        cmd.addAll(List.of("-q", "-B"));
        cmd.addAll(o.words("mavenArgs"));
        cmd.addAll(List.of("-f", pom.toString(), DEPENDENCY_PLUGIN + ":build-classpath",
                "-Dmdep.outputFile=" + out, "-Dmdep.includeScope=runtime"));
        ClusterBenchmark.progress("resolving the %s classpath with Maven: %s", name, String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).directory(projectDir.toFile()).redirectErrorStream(true)
                .redirectOutput(projectDir.resolve("maven.log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("Maven did not finish resolving " + name);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new IllegalStateException("Maven failed to resolve " + name + " (exit " + p.exitValue() + "), see "
                    + projectDir.resolve("maven.log") + ":\n" + Files.readString(projectDir.resolve("maven.log")));
        }
        String cp = Files.readString(out, StandardCharsets.UTF_8).trim();
        checkEntries(cp, out);
        return cp;
    }

    /** A stand-alone pom whose only job is to resolve {@code coordinates} (group:artifact:version). */
    public static String pom(String name, List<String> coordinates) {
        StringBuilder deps = new StringBuilder();
        for (String c : coordinates) {
            String[] g = c.split(":");
            deps.append("    <dependency><groupId>").append(g[0]).append("</groupId><artifactId>").append(g[1])
                    .append("</artifactId><version>").append(g[2]).append("</version></dependency>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- Generated by FerryMQ's benchmarks: resolves one side's classpath on its own. -->
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>io.ferrymq.benchmarks.cluster</groupId>
                  <artifactId>%s-classpath</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                %s  </dependencies>
                </project>
                """.formatted(name, deps);
    }

    public static boolean allExist(String cp) {
        if (cp.isEmpty()) {
            return false;
        }
        for (String e : cp.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(e))) {
                return false;
            }
        }
        return true;
    }

    public static void checkEntries(String cp, Path source) {
        if (!allExist(cp)) {
            throw new IllegalStateException("a classpath entry does not exist" + (source == null ? "" : " (from " + source + ")")
                    + ": rebuild the module");
        }
    }
}
