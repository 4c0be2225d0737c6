package dev.tandem.agent.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The live output: one line per step, prefixed with the seconds since the rehearsal started. */
final class Console {
    static final String INDENT = " ".repeat(11);

    private final PrintStream out;
    private final long start = System.nanoTime();

    Console(PrintStream out) {
        this.out = out;
    }

    PrintStream stream() {
        return out;
    }

    /** A step: {@code [  12.3s] what}, its details on the lines below. */
    void step(String what, String... details) {
        line(String.format(Locale.ROOT, "[%6.1fs] %s", seconds(), what));
        for (String d : details) {
            detail(d);
        }
    }

    /** A detail line under the last step. */
    void detail(String text) {
        line(INDENT + text);
    }

    /** A heading before each migration's steps. */
    void heading(String text) {
        line("");
        line("== " + text + " " + "=".repeat(Math.max(3, 96 - text.length())));
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }
}
