/**
 * Backfill and reconcile throughput (issue 5, part 3): single-shot timings of the control agent's chunked
 * jobs on a large table next to their physical floors, one bulk UPDATE and one bare predicate scan.
 */
package dev.tandem.bench.jobs;
