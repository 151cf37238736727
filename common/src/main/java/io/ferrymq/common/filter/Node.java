package io.ferrymq.common.filter;

/**
 * A node of a compiled expression tree: either a {@link ValueNode} or a {@link Condition}. Nodes are immutable
 * once built, so a tree is safe to evaluate from many threads at once.
 */
abstract class Node {
    /** What is known about a node's value before evaluation; used to reject impossible operands at compile time. */
    enum StaticType {
        BOOLEAN("a condition"),
        NUMBER("a number"),
        STRING("a string"),
        /** An identifier: its type is only known when a message supplies the value. */
        ANY("an identifier");

        final String description;

        StaticType(String description) {
            this.description = description;
        }
    }

    /** 1-based position of the node's first char in the expression text, for compile-time errors. */
    final int position;

    Node(int position) {
        this.position = position;
    }

    abstract StaticType staticType();
}
