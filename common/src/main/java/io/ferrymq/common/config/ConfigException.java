package io.ferrymq.common.config;

/** A configuration that cannot be used as written; the message says which key and what is expected. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
