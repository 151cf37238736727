/**
 * The JMS wire format's property knowledge that the JMS provider and the broker share: wire names, type codes,
 * escaped strings, and the typed values a JMS selector sees ({@link io.ferrymq.common.jms.JmsSelectorProperties}).
 * Knows nothing of Jakarta Messaging's API.
 */
package io.ferrymq.common.jms;
