/**
 * Netty transport and the RocketMQ remoting codec.
 * Not built yet: see the open issues.
 */
package io.ferrymq.remoting;
