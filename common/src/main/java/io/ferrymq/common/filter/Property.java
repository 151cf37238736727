package io.ferrymq.common.filter;

/** An identifier: the value of a property or header field, read from the {@link PropertySource}. */
final class Property extends ValueNode {
    final String name;

    Property(int position, String name) {
        super(position);
        this.name = name;
    }

    @Override
    Object evaluate(PropertySource properties) {
        return properties.get(name);
    }

    @Override
    StaticType staticType() {
        return StaticType.ANY;
    }
}
