package io.ferrymq.common.filter;

/** The kinds of token in a filter expression, each with the text an error message shows for it. */
enum TokenType {
    IDENTIFIER("an identifier"),
    STRING("a string literal"),
    EXACT_NUMBER("a number"),
    APPROXIMATE_NUMBER("a number"),

    NOT("NOT", true),
    AND("AND", true),
    OR("OR", true),
    BETWEEN("BETWEEN", true),
    LIKE("LIKE", true),
    IN("IN", true),
    IS("IS", true),
    ESCAPE("ESCAPE", true),
    NULL("NULL", true),
    TRUE("TRUE", true),
    FALSE("FALSE", true),
    CONTAINS("CONTAINS", true),
    STARTSWITH("STARTSWITH", true),
    ENDSWITH("ENDSWITH", true),

    LEFT_PAREN("'('"),
    RIGHT_PAREN("')'"),
    COMMA("','"),
    EQUAL("'='"),
    NOT_EQUAL("'<>'"),
    LESS("'<'"),
    LESS_OR_EQUAL("'<='"),
    GREATER("'>'"),
    GREATER_OR_EQUAL("'>='"),
    PLUS("'+'"),
    MINUS("'-'"),
    STAR("'*'"),
    SLASH("'/'"),
    END("end of input");

    /** How an error message names the token kind: {@code ')'}, {@code AND}, {@code a string literal}. */
    final String description;
    final boolean keyword;

    TokenType(String description) {
        this(description, false);
    }

    TokenType(String description, boolean keyword) {
        this.description = description;
        this.keyword = keyword;
    }

    /** The keyword {@code word} names in {@code dialect}, matched ASCII-case-insensitively, or null. */
    static TokenType keyword(String word, Dialect dialect) {
        for (TokenType type : values()) {
            if (type.keyword && equalsIgnoreAsciiCase(type.description, word)
                    && (dialect.hasSubstringOperators() || !type.isSubstringOperator())) {
                return type;
            }
        }
        return null;
    }

    boolean isSubstringOperator() {
        return this == CONTAINS || this == STARTSWITH || this == ENDSWITH;
    }

    /**
     * Only ASCII letters fold: String.equalsIgnoreCase would make the identifier "ın" (dotless i) the keyword IN.
     */
    private static boolean equalsIgnoreAsciiCase(String upperKeyword, String word) {
        if (upperKeyword.length() != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            char upper = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
            if (upper != upperKeyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
