package io.ferrymq.jms.message;

import io.ferrymq.common.jms.JmsWireNames;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for message property names (spec 3.5.1 and 3.8.1.1) and the JMSX properties FerryMQ supports. Stateless.
 *
 * <p>A name must be a selector identifier: a Java identifier that is not NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN,
 * LIKE, IN, IS or ESCAPE (in any case, as selectors read them case-insensitively). FerryMQ also refuses
 * identifier-ignorable characters (control characters such as U+0001 and U+0002, which separate properties on the
 * wire). An application may not use names starting with {@code JMS}, except {@link #JMSX_GROUP_ID} and
 * {@link #JMSX_GROUP_SEQ}: the other JMSX properties are set by the provider, and {@code JMS_} names are reserved for
 * provider-specific properties.
 */
public final class PropertyNames {
    public static final String JMSX_GROUP_ID = JmsWireNames.JMSX_GROUP_ID;
    public static final String JMSX_GROUP_SEQ = JmsWireNames.JMSX_GROUP_SEQ;
    public static final String JMSX_DELIVERY_COUNT = JmsWireNames.JMSX_DELIVERY_COUNT;
    public static final String JMSX_USER_ID = JmsWireNames.JMSX_USER_ID;

    /** The JMSX properties this provider supports, for {@code ConnectionMetaData.getJMSXPropertyNames()}. */
    public static final List<String> SUPPORTED_JMSX = List.of(JMSX_GROUP_ID, JMSX_GROUP_SEQ, JMSX_DELIVERY_COUNT,
            JMSX_USER_ID);

    private static final Set<String> SELECTOR_WORDS = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");

    private PropertyNames() {
    }

    /** True if the name can appear in a selector as an identifier. */
    public static boolean isSelectorIdentifier(String name) {
        if (name == null || name.isEmpty() || SELECTOR_WORDS.contains(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        int first = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(first) || Character.isIdentifierIgnorable(first)) {
            return false;
        }
        for (int i = Character.charCount(first); i < name.length(); ) {
            int cp = name.codePointAt(i);
            // Unpaired surrogates come out as code points of category Cs, which are no identifier parts.
            if (!Character.isJavaIdentifierPart(cp) || Character.isIdentifierIgnorable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * Checks a name an application wants to set.
     *
     * @throws IllegalArgumentException naming the rule the name breaks
     */
    public static void checkApplicationName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("FMQ-JMS-201 a property name must not be null or empty");
        }
        if (!isSelectorIdentifier(name)) {
            throw new IllegalArgumentException("FMQ-JMS-201 property name '" + name + "' is not a selector identifier"
                    + " (a Java identifier without control characters, and not NULL, TRUE, FALSE, NOT, AND, OR,"
                    + " BETWEEN, LIKE, IN, IS or ESCAPE)");
        }
        if (name.startsWith("JMS") && !name.equals(JMSX_GROUP_ID) && !name.equals(JMSX_GROUP_SEQ)) {
            throw new IllegalArgumentException("FMQ-JMS-202 property name '" + name + "' starts with 'JMS', which is"
                    + " reserved for JMS-defined and provider properties; applications may set only "
                    + JMSX_GROUP_ID + " and " + JMSX_GROUP_SEQ + " of those");
        }
    }
}
