package dev.tandem.agent.console;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table, columns two spaces apart. The CLI's tables are all left-aligned; the rehearsal
 * report's ({@link #numeric}) right-align every column but the first and rule a line under the header.
 */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean numeric;

    private TextTable(boolean numeric, String... header) {
        this.numeric = numeric;
        rows.add(header);
    }

    /** Every column left-aligned, no rule. */
    public TextTable(String... header) {
        this(false, header);
    }

    /** The first column left-aligned, the others right-aligned, a rule of dashes under the header. */
    public static TextTable numeric(String... header) {
        return new TextTable(true, header);
    }

    /** Adds a row; a null cell shows as "-". */
    public TextTable row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    public void print(PrintWriter out) {
        lines("").forEach(out::println);
    }

    public void print(PrintStream out, String indent) {
        lines(indent).forEach(out::println);
    }

    /** The table's lines, each starting with {@code indent} and without trailing blanks. */
    public List<String> lines(String indent) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            String[] r = rows.get(n);
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(numeric && i > 0 ? pad + r[i] : r[i] + pad).append(i < columns - 1 ? "  " : "");
            }
            out.add(line.toString().stripTrailing());
            if (n == 0 && numeric) {
                int total = (columns - 1) * 2;
                for (int w : width) {
                    total += w;
                }
                out.add(indent + "-".repeat(total));
            }
        }
        return out;
    }
}
