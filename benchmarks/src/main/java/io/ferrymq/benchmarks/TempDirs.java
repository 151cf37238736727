package io.ferrymq.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates the run's temp directories and deletes them, recursively, when a case or the run ends. */
public final class TempDirs {
    private TempDirs() {
    }

    /** A new directory {@code prefix*} under {@code base}, creating {@code base} if needed. */
    public static Path create(Path base, String prefix) {
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir under " + base, e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing dir is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
