/**
 * Per-statement cost on the stub driver ({@code dev.tandem.driver.stub} from the driver's test jar, on a
 * quiet URL): the raw stub, p6spy over it, and Tandem passing a statement through, rewriting it from a
 * warm plan cache, and planning it cold, with a bare JSqlParser parse of the same text as the reference
 * for the cold path.
 */
package dev.tandem.bench.overhead;
