/**
 * Admin command line.
 * Not built yet: see the open issues.
 */
package io.ferrymq.tools;
