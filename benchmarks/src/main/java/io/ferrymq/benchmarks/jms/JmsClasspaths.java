package io.ferrymq.benchmarks.jms;

import io.ferrymq.benchmarks.cluster.Classpaths;

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
 * The classpaths of the two kinds of provider JVM, kept apart so that neither sees the other product's jars:
 *
 * <ul>
 *   <li>FerryMQ: this module's jar + {@code target/jms/ferrymq.classpath}, written by the build with
 *       {@code -Pjms-bench} (this module's runtime classpath: FerryMQ's reactor jars, its JMS provider and
 *       nameserver, HdrHistogram, slf4j-simple). Artemis is a {@code provided} dependency, so it is not in it.</li>
 *   <li>Artemis: this module's jar + {@code artemis-server}, {@code artemis-jakarta-client}, HdrHistogram and
 *       slf4j-simple, resolved by Maven from a generated stand-alone pom under {@code target/jms/artemis/} with no
 *       parent, so every version is the one Artemis declares (FerryMQ's Netty version does not apply). Cached.</li>
 * </ul>
 */
record JmsClasspaths(String ferrymq, String artemis, Path artemisNativeDir) {

    /** Pinned like the parent pom's pluginManagement, so that Maven need not look the version up. */
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1";

    static JmsClasspaths resolve(JmsOptions o, List<RunKind> needed) throws Exception {
        Path jar = ownLocation();
        Path dir = jar.getParent().resolve("jms");
        String ferrymq = null;
        String artemis = null;
        if (needed.stream().anyMatch(RunKind::isFerryMq)) {
            ferrymq = jar + File.pathSeparator + ferrymqClasspath(dir.resolve("ferrymq.classpath"));
        }
        if (needed.contains(RunKind.ARTEMIS)) {
            artemis = jar + File.pathSeparator + resolveWithMaven(o, dir, "artemis", List.of(
                    "org.apache.activemq:artemis-server:" + o.get("artemisVersion"),
                    "org.apache.activemq:artemis-jakarta-client:" + o.get("artemisVersion"),
                    "org.hdrhistogram:HdrHistogram:" + o.get("hdrHistogramVersion"),
                    "org.slf4j:slf4j-simple:" + o.get("slf4jVersion")));
        }
        return new JmsClasspaths(ferrymq, artemis, artemis == null ? null : extractArtemisNative(artemis, dir));
    }

    /**
     * Artemis' ASYNCIO journal needs its JNI wrapper, {@code libartemis-native-64.so}, on {@code java.library.path}
     * (its distribution ships it in {@code bin/lib/linux-x86_64}) and libaio on the system. The wrapper comes inside the
     * {@code activemq-artemis-native} jar: extracted here so that the Artemis JVM can use ASYNCIO wherever libaio is
     * installed. Null when the jar or the entry is missing (then Artemis runs NIO).
     */
    private static Path extractArtemisNative(String classpath, Path dir) throws IOException {
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!Path.of(entry).getFileName().toString().startsWith("activemq-artemis-native")) {
                continue;
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(entry)) {
                java.util.zip.ZipEntry lib = zip.getEntry("lib/linux-x86_64/libartemis-native-64.so");
                if (lib == null) {
                    return null;
                }
                Path out = Files.createDirectories(dir.resolve("native"));
                try (var in = zip.getInputStream(lib)) {
                    Files.copy(in, out.resolve("libartemis-native-64.so"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return out;
            }
        }
        return null;
    }

    String of(RunKind kind) {
        return kind.isFerryMq() ? ferrymq : artemis;
    }

    /** This module's jar (or classes directory when run from an IDE). */
    private static Path ownLocation() throws URISyntaxException {
        return Path.of(JmsBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    }

    private static String ferrymqClasspath(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build the module with -Pjms-bench"
                    + " (see docs/benchmarks-jms.md)");
        }
        String cp = Files.readString(file, StandardCharsets.UTF_8).trim();
        for (String required : List.of("ferrymq-jms-provider", "ferrymq-namesrv", "ferrymq-broker-core", "HdrHistogram")) {
            if (!cp.contains(required)) {
                throw new IllegalStateException(file + " lacks " + required + ": rebuild the module with -Pjms-bench");
            }
        }
        if (cp.contains("artemis")) {
            throw new IllegalStateException(file + " contains Artemis jars: " + cp);
        }
        Classpaths.checkEntries(cp, file);
        return cp;
    }

    /**
     * Writes a stand-alone pom depending on {@code coordinates} and asks Maven for its runtime classpath, unless
     * the same pom was resolved before and every jar is still there.
     */
    private static String resolveWithMaven(JmsOptions o, Path dir, String name, List<String> coordinates)
            throws IOException, InterruptedException {
        Path projectDir = Files.createDirectories(dir.resolve(name));
        Path pom = projectDir.resolve("pom.xml");
        Path out = dir.resolve(name + ".classpath");
        String content = Classpaths.pom(name, coordinates);
        if (Files.isRegularFile(pom) && Files.readString(pom, StandardCharsets.UTF_8).equals(content)
                && Files.isRegularFile(out)) {
            String cached = Files.readString(out, StandardCharsets.UTF_8).trim();
            if (Classpaths.allExist(cached)) {
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
        JmsBenchmark.progress("resolving the %s classpath with Maven: %s", name, String.join(" ", cmd));
        Path log = projectDir.resolve("maven.log");
        Process p = new ProcessBuilder(cmd).directory(projectDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("Maven did not finish resolving " + name);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
            throw new IllegalStateException("Maven failed to resolve " + name + " (exit " + p.exitValue() + "), see "
                    + log + ":\n" + Files.readString(log));
        }
        String cp = Files.readString(out, StandardCharsets.UTF_8).trim();
        Classpaths.checkEntries(cp, out);
        if (cp.contains("ferrymq")) {
            throw new IllegalStateException(out + " contains FerryMQ jars: " + cp);
        }
        return cp;
    }

}
