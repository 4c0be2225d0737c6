package dev.tandem.agent.demo;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG, drawn here so the HTML page needs no script, font or network:
 * latency per step (p50 and p99 bars) and backfill rate over time (rows/s per committed chunk).
 */
final class Charts {
    static final String P50 = "#7aa6e6";
    static final String P99 = "#1d3f7a";
    private static final String[] SERIES = {"#1d7a5a", "#b4562b", "#6b4aa6", "#8a6d1d"};
    private static final int WIDTH = 1000;

    private Charts() {
    }

    /**
     * Horizontal bars per step in two panels side by side, p50 and p99, each on its own linear scale (p99 is
     * often ten times p50, which would flatten p50 on a shared one).
     */
    static String latency(List<Report.PhaseResult> phases) {
        int label = 280;
        int row = 26;
        int top = 40;
        int height = top + phases.size() * row + 40;
        StringBuilder svg = open(height, "Latency per step: p50 and p99 of application statements in milliseconds");
        for (int i = 0; i < phases.size(); i++) {
            Report.PhaseResult p = phases.get(i);
            int y = top + i * row;
            if (i % 2 == 0) {
                svg.append(rect(0, y, WIDTH, row, "#f4f6f9"));
            }
            boolean job = "job".equals(p.kind());
            svg.append(text(label, y + 17, "end", job ? "#667085" : "#1f2937", job ? "italic" : "normal",
                Html.escape(shorten(p.label(), 40))));
        }
        panel(svg, phases, "p50", P50, label + 14, 600, top, row, true);
        panel(svg, phases, "p99", P99, 650, WIDTH - 20, top, row, false);
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, List<Report.PhaseResult> phases, String name, String color, int left,
                              int right, int top, int row, boolean p50) {
        double max = 0;
        for (Report.PhaseResult p : phases) {
            max = Math.max(max, p50 ? p.p50Ms() : p.p99Ms());
        }
        double[] ticks = ticks(max);
        double scale = (right - left - 40) / ticks[ticks.length - 1];
        svg.append(rect(left, 14, 12, 12, color));
        svg.append(text(left + 17, 24, "start", "#344054", "normal", name + " (ms)"));
        int bottom = top + phases.size() * row;
        xAxis(svg, left, bottom, top, ticks, scale, "ms");
        for (int i = 0; i < phases.size(); i++) {
            Report.PhaseResult p = phases.get(i);
            int y = top + i * row;
            if (p.statements() == 0) {
                svg.append(text(left + 4, y + 17, "start", "#98a2b3", "italic", "no statements"));
                continue;
            }
            double v = p50 ? p.p50Ms() : p.p99Ms();
            double w = Math.max(1, v * scale);
            svg.append(rect(left, y + 6, w, 14, color));
            svg.append(text(left + w + 5, y + 17, "start", "#344054", "normal", Console.ms(v)));
        }
    }

    /** One line per backfill: rows per second over each committed chunk, against seconds since it started. */
    static String backfillRate(List<Report.JobResult> jobs) {
        int left = 80;
        int right = WIDTH - 30;
        int top = 40;
        int bottom = 300;
        double maxX = 0;
        double maxY = 0;
        int series = 0;
        for (Report.JobResult j : jobs) {
            for (Report.RateSample s : j.samples()) {
                maxX = Math.max(maxX, s.seconds());
                maxY = Math.max(maxY, s.rowsPerSecond());
            }
            series += j.samples().isEmpty() ? 0 : 1;
        }
        StringBuilder svg = open(bottom + 46, "Backfill rate: rows per second per committed chunk over time");
        if (series == 0) {
            svg.append(text(WIDTH / 2, 150, "middle", "#667085", "italic", "no backfill progress was recorded"));
            return svg.append("</svg>\n").toString();
        }
        double[] xt = ticks(maxX);
        double[] yt = ticks(maxY);
        double sx = (right - left) / xt[xt.length - 1];
        double sy = (bottom - top) / yt[yt.length - 1];
        for (double t : yt) {
            double y = bottom - t * sy;
            svg.append(line(left, y, right, y, t == 0 ? "#98a2b3" : "#e4e7ec"));
            svg.append(text(left - 8, y + 4, "end", "#475467", "normal", compact(t)));
        }
        svg.append(text(18, (top + bottom) / 2.0, "middle", "#475467", "normal", "rows/s",
            " transform=\"rotate(-90 18 " + (top + bottom) / 2 + ")\""));
        xAxis(svg, left, bottom, top, xt, sx, "s since start");
        String[] names = new String[series];
        String[] colors = new String[series];
        int n = 0;
        for (Report.JobResult j : jobs) {
            if (j.samples().isEmpty()) {
                continue;
            }
            String color = SERIES[n % SERIES.length];
            names[n] = j.label();
            colors[n++] = color;
            StringBuilder points = new StringBuilder();
            for (Report.RateSample s : j.samples()) {
                points.append(fmt(left + s.seconds() * sx)).append(',').append(fmt(bottom - s.rowsPerSecond() * sy))
                    .append(' ');
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"")
                .append(points.toString().trim()).append("\"/>\n");
            for (Report.RateSample s : j.samples()) {
                svg.append("<circle cx=\"").append(fmt(left + s.seconds() * sx)).append("\" cy=\"")
                    .append(fmt(bottom - s.rowsPerSecond() * sy)).append("\" r=\"2.5\" fill=\"").append(color)
                    .append("\"><title>").append(Html.escape(j.label())).append(": ")
                    .append(Console.count(Math.round(s.rowsPerSecond()))).append(" rows/s at ")
                    .append(fmt(s.seconds())).append(" s</title></circle>\n");
            }
        }
        legend(svg, left, 20, names, colors);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(int height, String title) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + WIDTH + " " + height
            + "\" width=\"100%\" role=\"img\" font-size=\"12\"><title>" + Html.escape(title) + "</title>\n");
    }

    private static void xAxis(StringBuilder svg, int left, double y, int top, double[] ticks, double scale,
                              String unit) {
        for (double t : ticks) {
            double x = left + t * scale;
            svg.append(line(x, top - 4, x, y, t == 0 ? "#98a2b3" : "#d0d5dd"));
            svg.append(text(x, y + 16, "middle", "#475467", "normal", compact(t)));
        }
        svg.append(text(left + ticks[ticks.length - 1] * scale, y + 32, "end", "#475467", "normal", unit));
    }

    private static void legend(StringBuilder svg, int x, int y, String[] names, String[] colors) {
        int at = x;
        for (int i = 0; i < names.length; i++) {
            svg.append(rect(at, y - 9, 12, 12, colors[i]));
            svg.append(text(at + 17, y + 1, "start", "#344054", "normal", Html.escape(names[i])));
            at += 30 + names[i].length() * 7;
        }
    }

    /** Round tick values from 0 covering {@code max}: steps of 1, 2 or 5 times a power of ten. */
    static double[] ticks(double max) {
        if (!(max > 0)) {
            max = 1;
        }
        double raw = max / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / power <= 1 ? power : raw / power <= 2 ? 2 * power : raw / power <= 5 ? 5 * power
            : 10 * power;
        int n = (int) Math.ceil(max / step - 1e-9);
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            out[i] = java.math.BigDecimal.valueOf(step).multiply(java.math.BigDecimal.valueOf(i)).doubleValue();
        }
        return out;
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return "<rect x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" width=\"" + fmt(w) + "\" height=\"" + fmt(h)
            + "\" fill=\"" + fill + "\" rx=\"1.5\"/>\n";
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
            + "\" stroke=\"" + stroke + "\" stroke-width=\"1\"/>\n";
    }

    private static String text(double x, double y, String anchor, String fill, String style, String content) {
        return text(x, y, anchor, fill, style, content, "");
    }

    private static String text(double x, double y, String anchor, String fill, String style, String content,
                               String extra) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + fill
            + "\" font-style=\"" + style + "\"" + extra + ">" + content + "</text>\n";
    }

    /** 1500 → "1.5k", 2000000 → "2M", 0.25 → "0.25". */
    static String compact(double v) {
        if (v >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (v >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
