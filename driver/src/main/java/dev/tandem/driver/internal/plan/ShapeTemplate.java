package dev.tandem.driver.internal.plan;

import dev.tandem.driver.internal.text.Shape;
import dev.tandem.driver.internal.text.SqlLexer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A rewritten statement text planned for a whole {@link Shape}: the rewritten SQL cut at every place a slot's
 * marker went, so that a text of that shape gets its own literal tokens back, byte for byte. Markers are
 * literals of the slot's own kind (a string, an integer, a decimal) carrying a random nonce, so the parser and
 * the rewriters treat them exactly as the application's literal; a template exists only when every occurrence
 * of the nonce in the rewritten text is one whole marker literal (never part of an identifier, alias, comment
 * or other literal, which would need more than splicing).
 */
final class ShapeTemplate {
    /** Nine digits that no statement text planned through a shape may hold; chosen once per JVM. */
    static final String NONCE = Integer.toString(100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999));
    /** Markers are numbered in four digits. */
    static final int MAX_SLOTS = 9_999;

    private final String[] segments;
    private final int[] slotOf;
    private final int segmentChars;

    private ShapeTemplate(String[] segments, int[] slotOf) {
        this.segments = segments;
        this.slotOf = slotOf;
        int chars = 0;
        for (String s : segments) {
            chars += s.length();
        }
        this.segmentChars = chars;
    }

    /** The marker for slot {@code i} of {@code shape}. */
    static String marker(Shape shape, int i) {
        String index = String.format("%04d", i);
        switch (shape.kind(i)) {
            case 'S':
                return "'t" + NONCE + "_" + index + "'";
            case 'I':
                return "1" + NONCE + index;
            default:
                return "1" + NONCE + index + ".5";
        }
    }

    /** The markers of every slot of {@code shape}. */
    static String[] markers(Shape shape) {
        String[] out = new String[shape.slotCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = marker(shape, i);
        }
        return out;
    }

    /**
     * The template of {@code rewritten} (planned from the shape's marker text), or null when a marker occurs
     * other than as one whole literal token, or a nonce occurs outside a marker.
     */
    static ShapeTemplate of(String rewritten, String[] markers, boolean mysql) {
        List<String> segments = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        int n = rewritten.length();
        int copied = 0;
        int i = 0;
        int nextNonce = rewritten.indexOf(NONCE);
        while (i < n && nextNonce >= 0) {
            char c = rewritten.charAt(i);
            int end = SqlLexer.skip(rewritten, i, mysql);
            if (end == i && (c >= '0' && c <= '9') && (i == 0 || !isWordChar(rewritten.charAt(i - 1)))) {
                end = i + 1;
                while (end < n && (isWordChar(rewritten.charAt(end)) || rewritten.charAt(end) == '.')) {
                    end++;
                }
            } else if (end == i && isWordChar(c)) {
                end = i + 1;
                while (end < n && isWordChar(rewritten.charAt(end))) {
                    end++;
                }
            }
            if (end == i) {
                i++;
                continue;
            }
            if (nextNonce < end) {
                int slot = nextNonce >= i ? slotOf(rewritten, i, end, markers) : -1;
                if (slot < 0) {
                    return null;
                }
                segments.add(rewritten.substring(copied, i));
                slots.add(slot);
                copied = end;
                nextNonce = rewritten.indexOf(NONCE, end);
            }
            i = end;
        }
        segments.add(rewritten.substring(copied));
        int[] slotOf = new int[slots.size()];
        for (int k = 0; k < slotOf.length; k++) {
            slotOf[k] = slots.get(k);
        }
        return new ShapeTemplate(segments.toArray(new String[0]), slotOf);
    }

    private static int slotOf(String s, int from, int to, String[] markers) {
        int len = to - from;
        int at = s.indexOf(NONCE, from);
        int indexStart = at + NONCE.length() + (s.charAt(from) == '\'' ? 1 : 0);
        if (indexStart + 4 > to) {
            return -1;
        }
        int slot;
        try {
            slot = Integer.parseInt(s.substring(indexStart, indexStart + 4));
        } catch (NumberFormatException e) {
            return -1;
        }
        if (slot >= markers.length) {
            return -1;
        }
        String m = markers[slot];
        return m.length() == len && s.startsWith(m, from) ? slot : -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The rewritten text for {@code shape}: the template with the shape's own literals in place. */
    String fill(Shape shape) {
        StringBuilder out = new StringBuilder(segmentChars + shape.sql().length());
        out.append(segments[0]);
        for (int k = 0; k < slotOf.length; k++) {
            shape.appendLiteral(out, slotOf[k]);
            out.append(segments[k + 1]);
        }
        return out.toString();
    }

    /** An estimate of the memory this template holds, in bytes. */
    int bytes() {
        int b = 32 + 16 * segments.length + 4 * slotOf.length;
        for (String s : segments) {
            b += 40 + s.length();
        }
        return b;
    }
}
