package io.ferrymq.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The store stays below the network: no Netty, no remoting protocol, nothing from the broker above it. */
class StoreLayeringTest {
    @Test
    void storeSourcesImportNoNettyProtocolOrBrokerTypes() throws Exception {
        Path sources = Path.of("src/main/java/io/ferrymq/store");
        assertThat(sources).isDirectory();
        List<String> offending;
        try (Stream<Path> files = Files.walk(sources)) {
            offending = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.startsWith("import "))
                            .filter(l -> l.contains("io.netty") || l.contains("io.ferrymq.remoting")
                                    || l.contains("io.ferrymq.broker"))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(offending).isEmpty();
    }
}
