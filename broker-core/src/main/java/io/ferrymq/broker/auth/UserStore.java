package io.ferrymq.broker.auth;

import io.ferrymq.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's users: access key → secret key, read from a properties file ({@code accessKey=secretKey} per line)
 * and re-read when its content changes. Secrets never leave this class except to the signature check, and are never
 * logged. Lookups are safe from any thread (an immutable snapshot behind a volatile); {@link #load()} and
 * {@link #reloadIfChanged()} run on one thread at a time (start, then the broker's scheduler).
 */
public final class UserStore {
    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
    /** Where the users file is when {@code aclFile} is not set, relative to {@code storePathRootDir}. */
    static final String DEFAULT_RELATIVE_TO_STORE = "../conf/users.properties";

    private final Path file;
    private volatile Map<String, String> secrets = Map.of();
    /** The content last loaded, to notice changes (a rewrite within the same second included). */
    private byte[] loadedContent = new byte[0];
    /** The last reload failure reported, so a broken file is reported once, not every few seconds. */
    private String lastFailure;

    public UserStore(Path file) {
        this.file = file;
    }

    /** {@code aclFile} when set, else {@code <storePathRootDir>/../conf/users.properties}. */
    public static Path fileOf(String aclFile, Path storeRootDir) {
        if (aclFile != null && !aclFile.isBlank()) {
            return Path.of(aclFile.trim());
        }
        return storeRootDir.toAbsolutePath().resolve(DEFAULT_RELATIVE_TO_STORE).normalize();
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file; the broker does not start without a usable one.
     *
     * @throws ConfigException when the file is missing, unreadable or has a user without a secret
     */
    public void load() {
        byte[] content = read();
        secrets = parse(content);
        loadedContent = content;
        if (secrets.isEmpty()) {
            LOG.warn("FMQ-BROKER-300 ACL is on but {} lists no users: every request will be refused", file);
        } else {
            LOG.info("FMQ-BROKER-300 ACL is on: {} users from {}", secrets.size(), file);
        }
    }

    /** Re-reads the file if its content changed; a file that became unusable is reported and the old users kept. */
    public void reloadIfChanged() {
        try {
            byte[] content = read();
            if (Arrays.equals(content, loadedContent)) {
                return;
            }
            secrets = parse(content);
            loadedContent = content;
            lastFailure = null;
            LOG.info("FMQ-BROKER-305 {} changed: {} users now", file, secrets.size());
        } catch (RuntimeException e) { // ConfigException, or anything odd a half-written file causes
            String failure = String.valueOf(e.getMessage());
            if (!failure.equals(lastFailure)) {
                lastFailure = failure;
                LOG.warn("FMQ-BROKER-306 keeping the {} users loaded before: {}", secrets.size(), failure);
            }
        }
    }

    /** The secret key of {@code accessKey}, or null for a user this broker does not know. */
    String secretKeyOf(String accessKey) {
        return secrets.get(accessKey);
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("FMQ-BROKER-307 cannot read the users file " + file + " (aclEnable=true; set aclFile"
                    + " to a file of accessKey=secretKey lines): " + e);
        }
    }

    private Map<String, String> parse(byte[] content) {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            // Properties reports a malformed \\uXXXX escape with the offending text; keep it out of the logs.
            throw new ConfigException("FMQ-BROKER-307 the users file " + file + " is not a properties file of"
                    + " accessKey=secretKey lines (a malformed \\u escape?)");
        }
        Map<String, String> users = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            String accessKey = name.trim();
            String secretKey = p.getProperty(name).trim();
            if (accessKey.isEmpty() || secretKey.isEmpty()) {
                throw new ConfigException("FMQ-BROKER-307 the users file " + file + " has "
                        + (accessKey.isEmpty() ? "a line without an access key" : "no secret key for '" + accessKey + "'")
                        + ": write accessKey=secretKey");
            }
            users.put(accessKey, secretKey);
        }
        return Map.copyOf(users);
    }
}
