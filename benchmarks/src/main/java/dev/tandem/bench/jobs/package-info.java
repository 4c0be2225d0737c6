/**
 * Backfill and reconcile throughput (issue 5, part 3): whole-operation timings of the control agent's
 * chunked jobs on a large table next to their physical floors, one bulk UPDATE (medians of alternating
 * repetitions, with and without the clean-up each leaves) and one bare predicate scan.
 */
package dev.tandem.bench.jobs;
