package io.ferrymq.common.filter;

/**
 * RocketMQ's {@code x [NOT] CONTAINS|STARTSWITH|ENDSWITH 'text'}, with RocketMQ's answers: an empty search text,
 * an absent x and a non-string x are all FALSE, for the NOT forms too (so {@code x NOT CONTAINS 'a'} does not
 * match a message without x). Never UNKNOWN.
 */
final class SubstringTest extends Condition {
    enum Kind {
        CONTAINS, STARTSWITH, ENDSWITH
    }

    private final ValueNode operand;
    private final Kind kind;
    private final String search;
    private final boolean negated;

    SubstringTest(int position, ValueNode operand, Kind kind, String search, boolean negated) {
        super(position);
        this.operand = operand;
        this.kind = kind;
        this.search = search;
        this.negated = negated;
    }

    @Override
    int test(PropertySource properties) {
        if (search.isEmpty()) {
            return Truth.FALSE;
        }
        Object value = operand.evaluate(properties);
        if (value instanceof String s) {
            boolean found = switch (kind) {
                case CONTAINS -> s.contains(search);
                case STARTSWITH -> s.startsWith(search);
                case ENDSWITH -> s.endsWith(search);
            };
            return Truth.of(found != negated);
        }
        return value == ValueNode.EVALUATION_FAILED ? Truth.ERROR : Truth.FALSE;
    }
}
