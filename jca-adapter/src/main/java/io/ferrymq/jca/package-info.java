/**
 * Jakarta Connectors 2.1 resource adapter.
 * Not built yet: see the open issues.
 */
package io.ferrymq.jca;
