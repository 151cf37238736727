/**
 * JMS messages ({@link io.ferrymq.jms.message.FerryMessage} and its five body types) and their mapping onto FerryMQ
 * client messages ({@link io.ferrymq.jms.message.JmsWireCodec}). See {@code docs/jms-messages.md}.
 */
package io.ferrymq.jms.message;
