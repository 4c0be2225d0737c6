/**
 * Tests of the driver's "all" jar, the one with its libraries relocated under {@code dev.tandem.shaded}: its
 * contents, Tandem on a class path that also holds other versions of those libraries, and Tandem loaded from a
 * plain folder through {@code DriverManager}. Not {@code dev.tandem.shaded}, which is the jar's own prefix.
 */
package dev.tandem.shadedjar;
