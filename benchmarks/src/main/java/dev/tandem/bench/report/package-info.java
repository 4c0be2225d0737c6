/**
 * Turns JMH's JSON results into docs/benchmarks.md: the tables of ratios against the raw driver measured
 * in the same run, issue 5's targets marked met or missed, and the machine the numbers come from. Run by
 * benchmarks/run after JMH; knows the benchmarks only by their class, parameter and enum names.
 */
package dev.tandem.bench.report;
