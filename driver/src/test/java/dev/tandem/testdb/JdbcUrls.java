package dev.tandem.testdb;

import java.util.regex.Pattern;

/** String surgery on {@code jdbc:<subprotocol>://authority/database?query} URLs. */
final class JdbcUrls {

    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private JdbcUrls() {
    }

    /** Returns {@code url} pointing at {@code database}, keeping its server and its query untouched. */
    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("://");
        if (!url.startsWith("jdbc:") || schemeEnd < 0) {
            throw new IllegalArgumentException(
                    "Expected a jdbc:<subprotocol>://host:port/database?query URL but got: " + redact(url));
        }
        int authorityStart = schemeEnd + 3;
        int queryStart = url.indexOf('?', authorityStart);
        String query = queryStart < 0 ? "" : url.substring(queryStart);
        String beforeQuery = queryStart < 0 ? url : url.substring(0, queryStart);
        int pathStart = beforeQuery.indexOf('/', authorityStart);
        String server = pathStart < 0 ? beforeQuery : beforeQuery.substring(0, pathStart);
        return server + "/" + database + query;
    }

    /** Appends {@code query} ({@code a=1&b=2}, a leading {@code ?} or {@code &} is ignored) to the URL's query. */
    static String appendQuery(String url, String query) {
        String extra = query == null ? "" : query.replaceFirst("^[?&]+", "");
        if (extra.isEmpty()) {
            return url;
        }
        if (url.indexOf('?') < 0) {
            return url + "?" + extra;
        }
        return url.endsWith("?") || url.endsWith("&") ? url + extra : url + "&" + extra;
    }

    /** The URL with any password value masked, for logs and messages. */
    static String redact(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
