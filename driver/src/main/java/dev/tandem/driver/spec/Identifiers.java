package dev.tandem.driver.spec;

/** Identifier comparison rules: unquoted names match case-insensitively, quoted names exactly. */
public final class Identifiers {
    private Identifiers() {
    }

    /** True if {@code sqlName} (possibly quoted with double quotes or backticks) names {@code specName}. */
    public static boolean matches(String specName, String sqlName) {
        if (sqlName == null) {
            return false;
        }
        if (isQuoted(sqlName)) {
            String bare = sqlName.substring(1, sqlName.length() - 1);
            // Backticks are MySQL, where column and (on most systems) table names are case-insensitive.
            return sqlName.charAt(0) == '`' ? specName.equalsIgnoreCase(bare) : specName.equals(bare);
        }
        return specName.equalsIgnoreCase(sqlName);
    }

    /** The name without its quotes. */
    public static String unquote(String sqlName) {
        return isQuoted(sqlName) ? sqlName.substring(1, sqlName.length() - 1) : sqlName;
    }

    public static boolean isQuoted(String sqlName) {
        int n = sqlName.length();
        if (n < 2) {
            return false;
        }
        char c = sqlName.charAt(0);
        return (c == '"' || c == '`' || c == '[') && (sqlName.charAt(n - 1) == c || c == '[');
    }
}
