/**
 * The admin command line, {@code bin/mqadmin}: {@link io.ferrymq.tools.MqAdmin} dispatches to one
 * {@link io.ferrymq.tools.AdminCommand} per command, each using FerryMQ's {@link io.ferrymq.client.AdminClient}.
 */
package io.ferrymq.tools;
