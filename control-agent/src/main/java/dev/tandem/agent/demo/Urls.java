package dev.tandem.agent.demo;

import java.util.regex.Pattern;

/** String surgery on {@code jdbc:<subprotocol>://authority/database?query} URLs. */
final class Urls {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private Urls() {
    }

    /** {@code url} pointing at {@code database}, with its server and query kept. */
    static String withDatabase(String url, String database) {
        int authority = url.indexOf("://") + 3;
        int query = url.indexOf('?', authority);
        String beforeQuery = query < 0 ? url : url.substring(0, query);
        int path = beforeQuery.indexOf('/', authority);
        String server = path < 0 ? beforeQuery : beforeQuery.substring(0, path);
        return server + "/" + database + (query < 0 ? "" : url.substring(query));
    }

    /** The database named in the URL's path, or "" when it names none. */
    static String database(String url) {
        int authority = url.indexOf("://") + 3;
        int query = url.indexOf('?', authority);
        String beforeQuery = query < 0 ? url : url.substring(0, query);
        int path = beforeQuery.indexOf('/', authority);
        return path < 0 ? "" : beforeQuery.substring(path + 1);
    }

    /** Appends {@code a=1&b=2} to the URL's query. */
    static String appendQuery(String url, String query) {
        return url + (url.indexOf('?') < 0 ? "?" : url.endsWith("?") || url.endsWith("&") ? "" : "&") + query;
    }

    /** {@code jdbc:tandem:} in front of a real driver's URL. */
    static String tandem(String url, String query) {
        return appendQuery("jdbc:tandem:" + url.substring("jdbc:".length()), query);
    }

    /** The URL with any password masked, for output. */
    static String redact(String url) {
        return PASSWORD.matcher(url).replaceAll("$1***");
    }
}
