/**
 * JMH benchmarks of proauth2, each beside the cheapest thing its backend can do (its floor), so
 * that every figure is a ratio that holds on a noisy machine. {@link dev.proauth2.bench.Main} runs
 * them all and writes {@code results/results.json} and {@code results/results.md}; see {@code
 * docs/BENCHMARKS.md}.
 */
package dev.proauth2.bench;
