/**
 * Back-check resolver for half messages from a JDBC transaction log.
 * Not built yet: see the open issues.
 */
package io.ferrymq.txchecker;
