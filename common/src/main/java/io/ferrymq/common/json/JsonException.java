package io.ferrymq.common.json;

/**
 * Thrown for malformed JSON text, for a value of the wrong type asked from a {@link JsonObject}, and for values
 * the writer cannot express. It is the only exception the parser throws for bad input, whatever the bytes.
 * Immutable; safe to share.
 */
public final class JsonException extends RuntimeException {
    private final int offset;

    /** An error that is not tied to a place in a JSON text; {@link #offset()} is -1. */
    public JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    /** An error at {@code offset}, a char index into the parsed text (the byte index for ASCII input). */
    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Char index into the parsed text where the problem was found, or -1 if the error is not about a text. */
    public int offset() {
        return offset;
    }
}
