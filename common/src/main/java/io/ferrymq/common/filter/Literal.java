package io.ferrymq.common.filter;

/** A constant: a string, a boolean, a Long/Integer or a Double, decided at compile time. */
final class Literal extends ValueNode {
    final Object value;

    Literal(int position, Object value) {
        super(position);
        this.value = value;
    }

    @Override
    Object evaluate(PropertySource properties) {
        return value;
    }

    @Override
    StaticType staticType() {
        if (value instanceof String) {
            return StaticType.STRING;
        }
        return value instanceof Boolean ? StaticType.BOOLEAN : StaticType.NUMBER;
    }
}
