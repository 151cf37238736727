/**
 * Jakarta Messaging 3.1 provider over the FerryMQ client.
 * Not built yet: see the open issues.
 */
package io.ferrymq.jms;
