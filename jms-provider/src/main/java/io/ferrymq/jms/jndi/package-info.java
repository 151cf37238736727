/**
 * JNDI for the FerryMQ JMS provider: {@link io.ferrymq.jms.jndi.FerryInitialContextFactory} builds a read-only
 * in-memory context from the environment or {@code jndi.properties} (Artemis key forms), and
 * {@link io.ferrymq.jms.jndi.FerryObjectFactory} rebuilds connection factories and destinations from JNDI references.
 * See {@code docs/jms.md}.
 */
package io.ferrymq.jms.jndi;
