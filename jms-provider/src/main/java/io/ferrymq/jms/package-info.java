/**
 * Jakarta Messaging 3.1 provider over the FerryMQ client: destinations and their mapping onto topics here, the message
 * model and its wire mapping in {@link io.ferrymq.jms.message}; connections and sessions build on them. See
 * {@code docs/jms-messages.md}.
 */
package io.ferrymq.jms;
