package io.ferrymq.jms.message;

import java.util.Map;

/**
 * A JMS message as FerryMQ's client carries it: body bytes and string properties. Produced by {@link JmsWireCodec};
 * the arrays and maps are not copied, so treat them as read-only.
 */
public record WireMessage(byte[] body, Map<String, String> properties) {
}
