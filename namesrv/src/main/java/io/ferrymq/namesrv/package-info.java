/**
 * The nameserver: broker registry, topic routes, liveness.
 * Not built yet: see the open issues.
 */
package io.ferrymq.namesrv;
