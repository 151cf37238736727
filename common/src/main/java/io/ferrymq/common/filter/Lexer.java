package io.ferrymq.common.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression text into tokens: identifiers by Java's identifier rules, keywords (ASCII case-insensitive,
 * the dialect's set), string literals with {@code ''} for a quote, numeric literals in Java syntax (decimal, hex,
 * octal, binary, underscores between digits, L suffix; decimal and hexadecimal floating point with F/D suffix),
 * operators, and in the ROCKETMQ dialect {@code --} and {@code /* *}{@code /} comments. Whitespace is Java's:
 * space, tab, form feed, CR and LF. One instance lexes one text on the calling thread.
 */
final class Lexer {
    private final String text;
    private final Dialect dialect;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String text, Dialect dialect) {
        this.text = text;
        this.dialect = dialect;
    }

    /** All tokens of {@code text}, ending with an END token. */
    static List<Token> tokenize(String text, Dialect dialect) {
        Lexer lexer = new Lexer(text, dialect);
        lexer.run();
        return lexer.tokens;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    private void run() {
        while (true) {
            skipWhitespaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(TokenType.END, pos, pos, null));
                return;
            }
            int c = text.codePointAt(pos);
            if (c == '\'') {
                string();
            } else if ((c >= '0' && c <= '9') || (c == '.' && isDigitAt(pos + 1))) {
                number();
            } else if (Character.isJavaIdentifierStart(c)) {
                identifierOrKeyword();
            } else {
                operator(c);
            }
        }
    }

    private void skipWhitespaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (dialect.allowsComments() && text.startsWith("--", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (dialect.allowsComments() && text.startsWith("/*", pos)) {
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw error(pos, "the comment that starts here is never closed with '*/'");
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private void string() {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            int quote = text.indexOf('\'', pos);
            if (quote < 0) {
                throw error(start, "the string literal that starts here is never closed with a quote (')");
            }
            value.append(text, pos, quote);
            pos = quote + 1;
            if (pos < text.length() && text.charAt(pos) == '\'') {
                value.append('\'');
                pos++;
            } else {
                break;
            }
        }
        tokens.add(new Token(TokenType.STRING, start, pos, value.toString()));
    }

    private void identifierOrKeyword() {
        int start = pos;
        pos += Character.charCount(text.codePointAt(pos));
        while (pos < text.length() && Character.isJavaIdentifierPart(text.codePointAt(pos))) {
            pos += Character.charCount(text.codePointAt(pos));
        }
        String word = text.substring(start, pos);
        TokenType keyword = TokenType.keyword(word, dialect);
        tokens.add(keyword != null ? new Token(keyword, start, pos, null)
                : new Token(TokenType.IDENTIFIER, start, pos, word));
    }

    private void operator(int c) {
        int start = pos;
        TokenType type;
        int length = 1;
        switch (c) {
            case '(' -> type = TokenType.LEFT_PAREN;
            case ')' -> type = TokenType.RIGHT_PAREN;
            case ',' -> type = TokenType.COMMA;
            case '=' -> type = TokenType.EQUAL;
            case '+' -> type = TokenType.PLUS;
            case '-' -> type = TokenType.MINUS;
            case '*' -> type = TokenType.STAR;
            case '/' -> type = TokenType.SLASH;
            case '<' -> {
                if (charAt(pos + 1) == '>') {
                    type = TokenType.NOT_EQUAL;
                    length = 2;
                } else if (charAt(pos + 1) == '=') {
                    type = TokenType.LESS_OR_EQUAL;
                    length = 2;
                } else {
                    type = TokenType.LESS;
                }
            }
            case '>' -> {
                if (charAt(pos + 1) == '=') {
                    type = TokenType.GREATER_OR_EQUAL;
                    length = 2;
                } else {
                    type = TokenType.GREATER;
                }
            }
            default -> throw unexpectedCharacter(c);
        }
        pos += length;
        tokens.add(new Token(type, start, pos, null));
    }

    private FilterSyntaxException unexpectedCharacter(int c) {
        if (c == '!' && charAt(pos + 1) == '=') {
            return error(pos, "'!=' is not an operator here; write '<>' for not equal");
        }
        if (c == '"') {
            return error(pos, "unexpected character '\"'; string literals use single quotes ('text')");
        }
        boolean invisible = Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT;
        String shown = invisible ? String.format("U+%04X", c) : "'" + new String(Character.toChars(c)) + "'";
        return error(pos, "unexpected character " + shown);
    }

    // ---- numbers, in Java literal syntax -------------------------------------------------------------------

    private void number() {
        int start = pos;
        if (text.charAt(pos) == '0' && (charAt(pos + 1) == 'x' || charAt(pos + 1) == 'X')) {
            pos += 2;
            hexNumber(start);
        } else if (text.charAt(pos) == '0' && (charAt(pos + 1) == 'b' || charAt(pos + 1) == 'B')) {
            pos += 2;
            String digits = digitRun(start, 2);
            if (digits.isEmpty()) {
                throw error(start, "a binary number needs digits after 0b");
            }
            exactSuffix();
            addExact(start, digits, 2);
        } else {
            decimalNumber(start);
        }
        if (pos < text.length() && Character.isJavaIdentifierPart(text.codePointAt(pos))) {
            throw error(start, "malformed number '" + text.substring(start, pos + 1) + "'");
        }
    }

    private void decimalNumber(int start) {
        String integerPart = digitRun(start, 10);
        boolean approximate = false;
        if (charAt(pos) == '.') {
            pos++;
            if (isDigitAt(pos)) {
                digitRun(start, 10);
            }
            approximate = true;
        }
        if (charAt(pos) == 'e' || charAt(pos) == 'E') {
            pos++;
            exponent(start);
            approximate = true;
        }
        char suffix = charAt(pos);
        if (suffix == 'f' || suffix == 'F' || suffix == 'd' || suffix == 'D') {
            pos++;
            addApproximate(start, suffix == 'f' || suffix == 'F');
        } else if (approximate) {
            addApproximate(start, false);
        } else {
            exactSuffix();
            boolean octal = integerPart.length() > 1 && integerPart.charAt(0) == '0';
            if (octal) {
                for (int i = 0; i < integerPart.length(); i++) {
                    if (integerPart.charAt(i) > '7') {
                        throw error(start, "'" + integerPart.charAt(i) + "' is not an octal digit (a number that "
                                + "starts with 0 is octal)");
                    }
                }
            }
            addExact(start, integerPart, octal ? 8 : 10);
        }
    }

    private void hexNumber(int start) {
        String integerPart = digitRun(start, 16);
        boolean fraction = charAt(pos) == '.';
        if (fraction) {
            pos++;
            String fractionPart = digitRun(start, 16);
            if (integerPart.isEmpty() && fractionPart.isEmpty()) {
                throw error(start, "a hexadecimal number needs digits after 0x");
            }
        }
        if (charAt(pos) == 'p' || charAt(pos) == 'P') {
            pos++;
            exponent(start);
            char suffix = charAt(pos);
            boolean isFloat = suffix == 'f' || suffix == 'F';
            if (isFloat || suffix == 'd' || suffix == 'D') {
                pos++;
            }
            addApproximate(start, isFloat);
            return;
        }
        if (fraction) {
            throw error(start, "a hexadecimal floating-point number needs a binary exponent (p)");
        }
        if (integerPart.isEmpty()) {
            throw error(start, "a hexadecimal number needs digits after 0x");
        }
        exactSuffix();
        addExact(start, integerPart, 16);
    }

    private void exponent(int start) {
        if (charAt(pos) == '+' || charAt(pos) == '-') {
            pos++;
        }
        if (!isDigitAt(pos)) {
            throw error(start, "the exponent of '" + text.substring(start, pos) + "' has no digits");
        }
        digitRun(start, 10);
    }

    private void exactSuffix() {
        if (charAt(pos) == 'l' || charAt(pos) == 'L') {
            pos++;
        }
    }

    /** Consumes digits of {@code radix} with Java's underscores between them; returns the digits alone. */
    private String digitRun(int numberStart, int radix) {
        int start = pos;
        while (pos < text.length() && (text.charAt(pos) == '_' || isAsciiDigit(text.charAt(pos), radix))) {
            pos++;
        }
        if (pos > start && (text.charAt(start) == '_' || text.charAt(pos - 1) == '_')) {
            throw error(numberStart, "an underscore in a number must stand between digits");
        }
        return text.substring(start, pos).replace("_", "");
    }

    private void addExact(int start, String digits, int radix) {
        long value;
        try {
            value = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException tooManyDigits) {
            throw outOfRange(start);
        }
        boolean longMinMagnitude = false;
        if (radix == 10 && value < 0) {
            // 9223372036854775808 is Long.MIN_VALUE's magnitude: Java allows it only as the operand of a minus.
            if (value != Long.MIN_VALUE) {
                throw outOfRange(start);
            }
            longMinMagnitude = true;
        }
        tokens.add(new Token(TokenType.EXACT_NUMBER, start, pos, value, longMinMagnitude));
    }

    private FilterSyntaxException outOfRange(int start) {
        return error(start, "the number " + text.substring(start, pos) + " does not fit in a long");
    }

    private void addApproximate(int start, boolean isFloat) {
        String literal = text.substring(start, pos).replace("_", "");
        double value;
        try {
            value = isFloat ? Float.parseFloat(literal) : Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            throw error(start, "malformed number '" + literal + "'");
        }
        if (Double.isInfinite(value)) {
            throw error(start, "the number " + literal + " is too large for a " + (isFloat ? "float" : "double"));
        }
        if (value == 0 && hasNonZeroDigit(literal)) {
            throw error(start, "the number " + literal + " is too small for a " + (isFloat ? "float" : "double")
                    + " and would round to zero");
        }
        tokens.add(new Token(TokenType.APPROXIMATE_NUMBER, start, pos, value));
    }

    /** Whether the mantissa (before any exponent) has a non-zero digit. */
    private static boolean hasNonZeroDigit(String literal) {
        boolean hex = literal.length() > 1 && (literal.charAt(1) == 'x' || literal.charAt(1) == 'X');
        for (int i = hex ? 2 : 0; i < literal.length(); i++) {
            char c = Character.toLowerCase(literal.charAt(i));
            if (hex ? c == 'p' : c == 'e') {
                return false;
            }
            if (Character.digit(c, hex ? 16 : 10) > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiDigit(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    private boolean isDigitAt(int index) {
        char c = charAt(index);
        return c >= '0' && c <= '9';
    }

    /** The char at {@code index}, or U+0000 past the end, which no rule here accepts. */
    private char charAt(int index) {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private FilterSyntaxException error(int index, String reason) {
        return new FilterSyntaxException(FilterSyntaxException.SYNTAX, index + 1, reason);
    }
}
