package io.ferrymq.broker;

import io.ferrymq.common.json.Json;
import io.ferrymq.common.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Small JSON state files (topics, offsets, groups) written atomically: to a temp file, forced, then
 * renamed over the old one, so a crash leaves either the old or the new content, never half. Stateless.
 */
public final class JsonFile {
    private JsonFile() {
    }

    /** The file's object, or null when the file does not exist. */
    public static JsonObject read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        return Json.parseObject(Files.readAllBytes(file));
    }

    public static void write(Path file, JsonObject content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(Json.writeBytes(content));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
