/**
 * Native producer, consumer and admin API.
 * Not built yet: see the open issues.
 */
package io.ferrymq.client;
