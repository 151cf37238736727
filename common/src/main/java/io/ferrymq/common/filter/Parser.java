package io.ferrymq.common.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser from tokens to a {@link Condition} tree. Precedence, loosest first: OR, AND, NOT,
 * comparisons ({@code = <> < <= > >=}, [NOT] BETWEEN, [NOT] IN, [NOT] LIKE, IS [NOT] NULL and RocketMQ's
 * substring operators; one per operand, not chained), {@code + -}, {@code * /}, unary signs. OR, AND and each
 * arithmetic level are left-associative and built as flat n-ary nodes, so neither parsing nor evaluating a long
 * chain recurses per operand; what does recurse (parentheses, NOT, signs) is capped at
 * {@link FilterExpression#MAX_DEPTH}. Operands whose static type can never work (a string ordered with
 * {@code >}, a number used as a condition) are rejected here. One instance parses one text on the calling thread.
 */
final class Parser {
    private final String text;
    private final Dialect dialect;
    private final List<Token> tokens;
    private final Set<String> identifiers = new LinkedHashSet<>();
    private int index;
    private int depth;

    private Parser(String text, Dialect dialect) {
        this.text = text;
        this.dialect = dialect;
        this.tokens = Lexer.tokenize(text, dialect);
    }

    /** The compiled condition of {@code text} and the identifiers it reads, in order of first appearance. */
    record Result(Condition condition, Set<String> identifiers) {
    }

    static Result parse(String text, Dialect dialect) {
        Parser parser = new Parser(text, dialect);
        Node root = parser.logicalChain(TokenType.OR);
        if (parser.peek().type() != TokenType.END) {
            throw parser.unexpected("AND, OR or end of input");
        }
        return new Result(parser.asCondition(root), Collections.unmodifiableSet(parser.identifiers));
    }

    /**
     * {@code operand (keyword operand)*} as one n-ary node, or the lone operand as it is; operands of OR are AND
     * chains, of AND NOT-expressions. Direct calls rather than lambdas keep the stack shallow per nesting level.
     */
    private Node logicalChain(TokenType keyword) {
        boolean or = keyword == TokenType.OR;
        Node first = or ? logicalChain(TokenType.AND) : notExpression();
        if (peek().type() != keyword) {
            return first;
        }
        List<Condition> operands = new ArrayList<>();
        operands.add(asCondition(first));
        while (accept(keyword)) {
            operands.add(asCondition(or ? logicalChain(TokenType.AND) : notExpression()));
        }
        Condition[] array = operands.toArray(new Condition[0]);
        return or ? LogicalChain.or(array) : LogicalChain.and(array);
    }

    private Node notExpression() {
        if (peek().type() != TokenType.NOT) {
            return comparison();
        }
        Token not = next();
        enter(not);
        Condition operand = asCondition(notExpression());
        leave();
        return new LogicalNot(not.position(), operand);
    }

    private Node comparison() {
        Node left = arithmeticChain(true);
        Token operator = peek();
        boolean negated = false;
        if (operator.type() == TokenType.NOT) {
            Token after = peek(1);
            if (!isNegatable(after.type())) {
                throw unexpected(after, negatableDescription() + " after NOT");
            }
            next();
            negated = true;
            operator = after;
        }
        return switch (operator.type()) {
            case EQUAL -> compare(ComparisonOperator.EQUAL, left);
            case NOT_EQUAL -> compare(ComparisonOperator.NOT_EQUAL, left);
            case LESS -> compare(ComparisonOperator.LESS, left);
            case LESS_OR_EQUAL -> compare(ComparisonOperator.LESS_OR_EQUAL, left);
            case GREATER -> compare(ComparisonOperator.GREATER, left);
            case GREATER_OR_EQUAL -> compare(ComparisonOperator.GREATER_OR_EQUAL, left);
            case BETWEEN -> between(left, negated);
            case IN -> in(left, negated);
            case LIKE -> like(left, negated);
            case IS -> isNull(left);
            case CONTAINS -> substring(left, SubstringTest.Kind.CONTAINS, negated);
            case STARTSWITH -> substring(left, SubstringTest.Kind.STARTSWITH, negated);
            case ENDSWITH -> substring(left, SubstringTest.Kind.ENDSWITH, negated);
            default -> left;
        };
    }

    private static boolean isNegatable(TokenType type) {
        return type == TokenType.BETWEEN || type == TokenType.IN || type == TokenType.LIKE
                || type.isSubstringOperator();
    }

    private String negatableDescription() {
        return dialect.hasSubstringOperators() ? "BETWEEN, IN, LIKE, CONTAINS, STARTSWITH or ENDSWITH"
                : "BETWEEN, IN or LIKE";
    }

    private Condition compare(ComparisonOperator operator, Node left) {
        next();
        Node right = arithmeticChain(true);
        if (operator.isOrdering()) {
            requireOrderable(left, operator.symbol);
            requireOrderable(right, operator.symbol);
        }
        return comparisonNode(operator, asValue(left), asValue(right));
    }

    private Condition comparisonNode(ComparisonOperator operator, ValueNode left, ValueNode right) {
        return Comparison.of(dialect, operator, left, right);
    }

    /** {@code x BETWEEN lo AND hi} is {@code x >= lo AND x <= hi}; NOT BETWEEN is {@code x < lo OR x > hi}. */
    private Condition between(Node operand, boolean negated) {
        next();
        Node low = arithmeticChain(true);
        expect(TokenType.AND, "AND between the bounds of BETWEEN");
        Node high = arithmeticChain(true);
        requireOrderable(operand, "BETWEEN");
        requireOrderable(low, "BETWEEN");
        requireOrderable(high, "BETWEEN");
        ValueNode value = asValue(operand);
        if (negated) {
            return LogicalChain.or(comparisonNode(ComparisonOperator.LESS, value, asValue(low)),
                    comparisonNode(ComparisonOperator.GREATER, value, asValue(high)));
        }
        return LogicalChain.and(comparisonNode(ComparisonOperator.GREATER_OR_EQUAL, value, asValue(low)),
                comparisonNode(ComparisonOperator.LESS_OR_EQUAL, value, asValue(high)));
    }

    private Condition in(Node operand, boolean negated) {
        next();
        requireIdentifier(operand, "IN");
        expect(TokenType.LEFT_PAREN, "'(' after IN");
        Set<String> elements = new LinkedHashSet<>();
        do {
            elements.add(stringLiteral("a string literal in the IN list"));
        } while (accept(TokenType.COMMA));
        expect(TokenType.RIGHT_PAREN, "',' or ')' in the IN list");
        return new InList(operand.position, asValue(operand), elements, negated, dialect);
    }

    private Condition like(Node operand, boolean negated) {
        next();
        requireIdentifier(operand, "LIKE");
        Token patternToken = peek();
        String pattern = stringLiteral("a string literal pattern after LIKE");
        int escape = -1;
        if (accept(TokenType.ESCAPE)) {
            Token escapeToken = peek();
            String escapeText = stringLiteral("a string literal after ESCAPE");
            if (escapeText.codePointCount(0, escapeText.length()) != 1) {
                throw error(FilterSyntaxException.SYNTAX, escapeToken.position(),
                        "the ESCAPE character must be exactly one character, not " + escapeToken.describe(text));
            }
            escape = escapeText.codePointAt(0);
        }
        LikePattern compiled;
        try {
            compiled = LikePattern.compile(pattern, escape);
        } catch (IllegalArgumentException e) {
            throw error(FilterSyntaxException.SYNTAX, patternToken.position(), e.getMessage());
        }
        return new LikeTest(operand.position, asValue(operand), compiled, negated);
    }

    private Condition isNull(Node operand) {
        next();
        boolean negated = accept(TokenType.NOT);
        expect(TokenType.NULL, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
        if (dialect.requiresIdentifierBeforeIsNull()) {
            requireIdentifier(operand, "IS NULL");
        }
        return new NullTest(operand.position, asValue(operand), negated);
    }

    private Condition substring(Node operand, SubstringTest.Kind kind, boolean negated) {
        next();
        String search = stringLiteral("a string literal after " + kind);
        return new SubstringTest(operand.position, asValue(operand), kind, search, negated);
    }

    /**
     * One left-associative precedence level as one node: {@code + -} over multiplicative operands when
     * {@code additive}, else {@code * /} over unary ones.
     */
    private Node arithmeticChain(boolean additive) {
        TokenType first = additive ? TokenType.PLUS : TokenType.STAR;
        TokenType second = additive ? TokenType.MINUS : TokenType.SLASH;
        Node head = additive ? arithmeticChain(false) : unary();
        if (peek().type() != first && peek().type() != second) {
            return head;
        }
        List<ValueNode> operands = new ArrayList<>();
        StringBuilder operators = new StringBuilder();
        operands.add(arithmeticOperand(head, peek()));
        while (peek().type() == first || peek().type() == second) {
            Token operator = next();
            operators.append(switch (operator.type()) {
                case PLUS -> '+';
                case MINUS -> '-';
                case STAR -> '*';
                default -> '/';
            });
            operands.add(arithmeticOperand(additive ? arithmeticChain(false) : unary(), operator));
        }
        return new ArithmeticChain(operands.toArray(new ValueNode[0]), operators.toString().toCharArray());
    }

    private ValueNode arithmeticOperand(Node operand, Token operator) {
        if (!dialect.allowsBinaryArithmetic()) {
            throw error(FilterSyntaxException.SYNTAX, operator.position(), "arithmetic (" + operator.type().description
                    + " between two operands) is not part of RocketMQ's SQL92 filter");
        }
        requireNumeric(operand, operator.type().description);
        return asValue(operand);
    }

    private Node unary() {
        Token sign = peek();
        if (sign.type() != TokenType.PLUS && sign.type() != TokenType.MINUS) {
            return primary();
        }
        next();
        boolean minus = sign.type() == TokenType.MINUS;
        if (minus && peek().type() == TokenType.EXACT_NUMBER && peek().longMinMagnitude()) {
            next();
            return new Literal(sign.position(), dialect.exactLiteral(Long.MIN_VALUE));
        }
        enter(sign);
        Node operand = unary();
        leave();
        requireNumeric(operand, "unary " + sign.type().description);
        ValueNode value = asValue(operand);
        if (value instanceof Literal literal) {
            return new Literal(sign.position(), minus ? Negation.negate(literal.value) : literal.value);
        }
        if (minus) {
            return new Negation(sign.position(), value);
        }
        // RocketMQ's unary plus returns its operand untouched; in JMS it is arithmetic, so a non-number is UNKNOWN.
        return dialect == Dialect.JMS ? new NumericCheck(sign.position(), value) : value;
    }

    private Node primary() {
        Token token = peek();
        int position = token.position();
        switch (token.type()) {
            case STRING, APPROXIMATE_NUMBER -> {
                next();
                return new Literal(position, token.value());
            }
            case EXACT_NUMBER -> {
                if (token.longMinMagnitude()) {
                    throw error(FilterSyntaxException.SYNTAX, position, "the number "
                            + text.substring(token.start(), token.end())
                            + " does not fit in a long (only its negative does)");
                }
                next();
                return new Literal(position, dialect.exactLiteral((Long) token.value()));
            }
            case TRUE, FALSE -> {
                next();
                return new Literal(position, token.type() == TokenType.TRUE);
            }
            case IDENTIFIER -> {
                next();
                String name = (String) token.value();
                identifiers.add(name);
                return new Property(position, name);
            }
            case LEFT_PAREN -> {
                next();
                enter(token);
                Node inner = logicalChain(TokenType.OR);
                expect(TokenType.RIGHT_PAREN, "')'");
                leave();
                return inner;
            }
            case NULL -> throw error(FilterSyntaxException.SYNTAX, position,
                    "NULL is not a value; test for it with IS NULL or IS NOT NULL");
            default -> throw unexpected("an identifier, a literal or '('");
        }
    }

    // ---- static type rules ------------------------------------------------------------------------------------

    /** The node as a condition; identifiers become boolean tests, anything else that is not boolean is an error. */
    private Condition asCondition(Node node) {
        if (node instanceof Condition condition) {
            return condition;
        }
        if (node instanceof ConditionValue value) {
            return value.condition;
        }
        if (node instanceof Literal literal && literal.value instanceof Boolean b) {
            return new Constant(literal.position, b);
        }
        if (node.staticType() == Node.StaticType.ANY) {
            return new BooleanTest((ValueNode) node);
        }
        throw error(FilterSyntaxException.TYPE, node.position, "expected a condition (a comparison, TRUE, FALSE or "
                + "a boolean identifier) but found " + node.staticType().description);
    }

    private static ValueNode asValue(Node node) {
        return node instanceof ValueNode value ? value : new ConditionValue((Condition) node);
    }

    private void requireOrderable(Node operand, String operator) {
        Node.StaticType type = operand.staticType();
        if (type == Node.StaticType.STRING || type == Node.StaticType.BOOLEAN) {
            throw error(FilterSyntaxException.TYPE, operand.position, operator + " orders numbers, and "
                    + type.description + " has no order; strings and booleans compare only with = and <>");
        }
    }

    private void requireNumeric(Node operand, String operator) {
        Node.StaticType type = operand.staticType();
        if (type == Node.StaticType.STRING || type == Node.StaticType.BOOLEAN) {
            throw error(FilterSyntaxException.TYPE, operand.position, operator + " needs a number, not "
                    + type.description);
        }
    }

    private void requireIdentifier(Node operand, String operator) {
        if (!(operand instanceof Property)) {
            throw error(FilterSyntaxException.SYNTAX, operand.position, "the left operand of " + operator
                    + " must be an identifier, not " + operand.staticType().description);
        }
    }

    // ---- token plumbing ---------------------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.type() != TokenType.END) {
            index++;
        }
        return token;
    }

    private boolean accept(TokenType type) {
        if (peek().type() == type) {
            next();
            return true;
        }
        return false;
    }

    private void expect(TokenType type, String expected) {
        if (!accept(type)) {
            throw unexpected(expected);
        }
    }

    private String stringLiteral(String expected) {
        if (peek().type() != TokenType.STRING) {
            throw unexpected(expected);
        }
        return (String) next().value();
    }

    private void enter(Token token) {
        if (++depth > FilterExpression.MAX_DEPTH) {
            throw error(FilterSyntaxException.TOO_DEEP, token.position(), "parentheses, NOT and signs are nested "
                    + "more than " + FilterExpression.MAX_DEPTH + " deep");
        }
    }

    private void leave() {
        depth--;
    }

    private FilterSyntaxException unexpected(String expected) {
        return unexpected(peek(), expected);
    }

    private FilterSyntaxException unexpected(Token found, String expected) {
        return error(FilterSyntaxException.SYNTAX, found.position(),
                "expected " + expected + " but found " + found.describe(text));
    }

    private static FilterSyntaxException error(String code, int position, String reason) {
        return new FilterSyntaxException(code, position, reason);
    }
}
