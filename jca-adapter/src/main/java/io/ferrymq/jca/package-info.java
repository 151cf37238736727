/**
 * FerryMQ's Jakarta Connectors 2.1 resource adapter (docs/jca.md): {@link io.ferrymq.jca.FerryResourceAdapter}, the
 * outbound connection factory ({@code io.ferrymq.jca.outbound}) and inbound delivery to message-driven beans
 * ({@code io.ferrymq.jca.inbound}). It builds on the JMS provider only and never sees a broker.
 */
package io.ferrymq.jca;
