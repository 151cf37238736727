package io.ferrymq.common.filter;

/**
 * One token: its type, where it is in the text, and for literals and identifiers their value (the decoded
 * string, the name, a Long or Double). Compile-time only.
 *
 * @param start 0-based index of the token's first char
 * @param end index after its last char
 * @param value the identifier name or string contents (String), the number (Long or Double), else null
 * @param longMinMagnitude an exact number written as 9223372036854775808, valid only right after a minus sign
 */
record Token(TokenType type, int start, int end, Object value, boolean longMinMagnitude) {

    Token(TokenType type, int start, int end, Object value) {
        this(type, start, end, value, false);
    }

    /** 1-based position, as error messages give it. */
    int position() {
        return start + 1;
    }

    /** How an error message names this token: {@code ')'}, {@code AND}, {@code identifier 'color'}. */
    String describe(String text) {
        return switch (type) {
            case IDENTIFIER -> "identifier '" + shorten((String) value) + "'";
            case STRING -> "string literal " + shorten(text.substring(start, end));
            case EXACT_NUMBER, APPROXIMATE_NUMBER -> "number " + shorten(text.substring(start, end));
            default -> type.keyword ? "keyword " + type.description : type.description;
        };
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
