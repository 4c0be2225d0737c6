package dev.tandem.driver.internal.connect;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed {@code jdbc:tandem:<subprotocol>:...} URL: the real driver's URL (only the leading
 * {@code tandem:} removed, and the {@code tandem.*} query parameters taken out; every other byte kept)
 * and the percent-decoded {@code tandem.*} options found in the query.
 *
 * @param url     the URL as the application gave it, which {@code DatabaseMetaData.getURL()} reports
 * @param realUrl the URL the real driver sees
 * @param options {@code tandem.*} keys and values from the query, in URL order
 */
public record TandemUrl(String url, String realUrl, Map<String, String> options) {
    static final String PREFIX = "jdbc:tandem:";
    private static final String OPTION_PREFIX = "tandem.";
    /** A JDBC subprotocol followed by its colon, as in {@code postgresql:} or {@code mysql:}. */
    private static final Pattern SUBPROTOCOL = Pattern.compile("[A-Za-z][A-Za-z0-9_.+-]*:.*", Pattern.DOTALL);
    private static final String EXAMPLE = "jdbc:tandem:postgresql://host:5432/db";

    /** True if the URL is Tandem's to handle (valid or not); false means another driver's URL. */
    public static boolean isTandemUrl(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static TandemUrl parse(String url) throws TandemSQLException {
        if (!isTandemUrl(url)) {
            throw invalid("The URL does not start with " + PREFIX, url);
        }
        String rest = url.substring(PREFIX.length());
        if (rest.isEmpty()) {
            throw invalid("The URL names no real database after " + PREFIX, url);
        }
        if (rest.startsWith("tandem:")) {
            throw invalid("The URL repeats the tandem: prefix", url);
        }
        if (rest.startsWith("jdbc:")) {
            throw invalid("Write the real URL without its jdbc: prefix", url);
        }
        if (!SUBPROTOCOL.matcher(rest).matches()) {
            throw invalid("The URL names no JDBC subprotocol after " + PREFIX, url);
        }
        return splitQuery(url, "jdbc:" + rest);
    }

    /**
     * The {@code jdbc:tandem:} URL that reaches the same Tandem instance as a real URL opened with
     * {@code options} (a {@code TandemDataSource}'s): what its connections report as their URL, so a tool that
     * reconnects with it goes through Tandem again. A URL that is not a {@code jdbc:} URL is returned as is.
     */
    public static String compose(String realUrl, Map<String, String> options) {
        if (realUrl == null || !realUrl.startsWith("jdbc:") || isTandemUrl(realUrl)) {
            return realUrl;
        }
        StringBuilder b = new StringBuilder(PREFIX).append(realUrl, "jdbc:".length(), realUrl.length());
        boolean query = realUrl.indexOf('?') >= 0;
        for (Map.Entry<String, String> e : options.entrySet()) {
            char last = b.charAt(b.length() - 1);
            if (!query) {
                b.append('?');
                query = true;
            } else if (last != '?' && last != '&') {
                b.append('&');
            }
            b.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return b.toString();
    }

    /** Percent-encodes (UTF-8) all but unreserved characters and {@code :/}, the inverse of {@link #decodeOrNull}. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~:/".indexOf(c) >= 0)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    /** Takes the {@code tandem.*} parameters out of the query; other parameters stay byte-identical. */
    private static TandemUrl splitQuery(String url, String real) throws TandemSQLException {
        int q = real.indexOf('?');
        if (q < 0) {
            return new TandemUrl(url, real, Map.of());
        }
        Map<String, String> options = new LinkedHashMap<>();
        StringBuilder kept = new StringBuilder();
        for (String part : real.substring(q + 1).split("&", -1)) {
            int eq = part.indexOf('=');
            String rawKey = eq < 0 ? part : part.substring(0, eq);
            String key = decodeOrNull(rawKey);
            // a malformed key that may spell a tandem option is refused rather than leaked to the real driver
            boolean tandem = key == null ? rawKey.startsWith("tandem") : key.startsWith(OPTION_PREFIX);
            if (!tandem) {
                kept.append(kept.length() == 0 ? "" : "&").append(part);
                continue;
            }
            if (key == null || eq < 0) {
                throw invalid("Malformed Tandem option '" + part + "' in the URL query (expected tandem.name=value)",
                    null);
            }
            String value = decodeOrNull(part.substring(eq + 1));
            if (value == null) {
                throw invalid("Malformed percent-encoding in the value of " + key + " in the URL query", null);
            }
            options.put(key, value);
        }
        if (options.isEmpty()) {
            return new TandemUrl(url, real, Map.of());
        }
        String base = real.substring(0, q);
        return new TandemUrl(url, kept.length() == 0 ? base : base + "?" + kept, Collections.unmodifiableMap(options));
    }

    /** Strict percent-decoding as UTF-8 ({@code +} stays {@code +}); null if malformed. */
    static String decodeOrNull(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int plain = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '%') {
                continue;
            }
            out.writeBytes(s.substring(plain, i).getBytes(StandardCharsets.UTF_8));
            if (i + 2 >= s.length()) {
                return null;
            }
            int hi = hex(s.charAt(i + 1));
            int lo = hex(s.charAt(i + 2));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out.write(hi * 16 + lo);
            i += 2;
            plain = i + 1;
        }
        out.writeBytes(s.substring(plain).getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    /** Never echoes the whole URL: it may carry a password. */
    private static TandemSQLException invalid(String problem, String url) {
        String shown = url == null ? "" : " in '" + safePrefix(url) + "'";
        return new TandemSQLException(problem + shown + "; expected a URL like " + EXAMPLE,
            TandemSqlState.INVALID_PARAMETER_VALUE);
    }

    /** The URL without its query and without user:password@, so it can go into a message or log. */
    public static String safePrefix(String url) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q) + "?...";
        return head.replaceFirst("//[^/@]*@", "//***@");
    }
}
