package io.tributary.spark.cli;

import java.io.PrintStream;

/**
 * Where one command line's output goes: results on {@code out}; progress, summaries, logs and
 * errors on {@code err}. {@code verbose} is whether {@code --verbose} was given anywhere on it.
 */
record CliStreams(PrintStream out, PrintStream err, boolean verbose) {}
