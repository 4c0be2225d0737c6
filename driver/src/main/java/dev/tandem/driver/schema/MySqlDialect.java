package dev.tandem.driver.schema;

import dev.tandem.driver.spec.TableName;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB: left-to-right SET lists, expression text as labels, backslash escapes,
 * {@code ON DUPLICATE KEY UPDATE}, information_schema lookups by schema and name.
 */
final class MySqlDialect extends Dialect {
    private static final Pattern DECIMAL = Pattern.compile("(decimal|numeric)\\s*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?.*");
    private static final Pattern FRACTION = Pattern.compile("[a-z]+\\s*(\\(\\s*\\d+\\s*\\))?.*");
    private static final Pattern INTEGER =
        Pattern.compile("(tinyint|smallint|mediumint|int|integer|bigint)\\s*(\\(\\s*\\d+\\s*\\))?\\s*(unsigned)?.*");
    private static final Pattern VARCHAR = Pattern.compile("(varchar|char)\\s*\\(\\s*(\\d+)\\s*\\)");

    private static final String COLUMNS = "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES', "
        + "COLUMN_DEFAULT, EXTRA, FALSE FROM information_schema.COLUMNS "
        + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    private static final String VIEWS = "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
        + "WHERE TABLE_SCHEMA = COALESCE(?, DATABASE())";

    MySqlDialect() {
        super("MYSQL");
    }

    @Override
    Set<String> ownSpecFunctions() {
        return Set.of("substring_index", "ifnull", "if", "locate", "instr", "lcase", "ucase", "char", "truncate", "date_format", "str_to_date", "hex", "unhex", "from_unixtime", "unix_timestamp", "regexp_replace");
    }

    @Override
    boolean servesUrl(String u) {
        return u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:");
    }

    @Override
    String storedAsType(String value, String declaredType, String t) {
        Matcher m = INTEGER.matcher(t);
        if (m.matches() && !t.startsWith("tinyint(1)")) {
            boolean unsigned = m.group(3) != null;
            long[] range = integerRange(m.group(1), unsigned);
            return "CASE WHEN (" + value + ") IS NULL OR (" + value + ") BETWEEN " + range[0] + " AND "
                + (unsigned && range[1] < 0 ? "18446744073709551615" : Long.toString(range[1]))
                + " THEN CAST(" + value + " AS " + (unsigned ? "UNSIGNED" : "SIGNED") + ") ELSE "
                + failure("out of range for " + t, value) + " END";
        }
        m = VARCHAR.matcher(t);
        if (m.matches()) {
            // Storing cuts trailing spaces past the length silently, and fails on anything else past it.
            return "CASE WHEN CHAR_LENGTH(RTRIM(" + value + ")) > " + m.group(2) + " THEN " + failure("too long for "
                + t, value) + " ELSE LEFT(CAST(" + value + " AS CHAR), " + m.group(2) + ") END";
        }
        String cast = castType(declaredType);
        return cast == null ? "(" + value + ")" : "CAST(" + value + " AS " + cast + ")";
    }

    /** An expression that fails in a data-changing statement under strict mode (class 22), naming why. */
    private static String failure(String why, String value) {
        return "CAST(CONCAT('Tandem: value ', " + value + ", ' is " + why.replace("'", "''") + "') AS SIGNED)";
    }

    private static long[] integerRange(String type, boolean unsigned) {
        int bits;
        switch (type) {
            case "tinyint": bits = 8; break;
            case "smallint": bits = 16; break;
            case "mediumint": bits = 24; break;
            case "bigint": bits = 64; break;
            default: bits = 32;
        }
        if (bits == 64) {
            return unsigned ? new long[] {0, -1} : new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        }
        return unsigned ? new long[] {0, (1L << bits) - 1} : new long[] {-(1L << (bits - 1)), (1L << (bits - 1)) - 1};
    }

    @Override
    public String castType(String declaredType) {
        if (declaredType == null) {
            return null;
        }
        String t = declaredType.toLowerCase(Locale.ROOT).trim();
        boolean unsigned = t.contains("unsigned");
        Matcher dec = DECIMAL.matcher(t);
        if (dec.matches()) {
            return "DECIMAL" + (dec.group(2) == null ? "" : dec.group(2).replace(" ", ""));
        }
        if (t.matches("(tinyint|smallint|mediumint|int|integer|bigint)\\b.*")) {
            return t.startsWith("tinyint(1)") ? null : unsigned ? "UNSIGNED" : "SIGNED";
        }
        if (t.matches("(varchar|char|tinytext|text|mediumtext|longtext)\\b.*")) {
            return "CHAR";
        }
        if (t.matches("(double|float|real)\\b.*")) {
            return "DOUBLE";
        }
        Matcher f = FRACTION.matcher(t);
        if (t.startsWith("datetime") || t.startsWith("timestamp")) {
            return "DATETIME" + (f.matches() && f.group(1) != null ? f.group(1) : "");
        }
        if (t.startsWith("date")) {
            return "DATE";
        }
        if (t.startsWith("time")) {
            return "TIME" + (f.matches() && f.group(1) != null ? f.group(1) : "");
        }
        if (t.matches("(varbinary|binary|tinyblob|blob|mediumblob|longblob)\\b.*")) {
            return "BINARY";
        }
        return null;
    }

    @Override
    public String concat(String... expressions) {
        return "CONCAT(" + String.join(", ", expressions) + ")";
    }

    @Override
    public String distinctFrom(String left, String right) {
        return "NOT (" + left + " <=> " + right + ")";
    }

    @Override
    public String quote(String identifier) {
        if (identifier.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return identifier;
        }
        return quoteAlways(identifier);
    }

    @Override
    public String quoteAlways(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public boolean backslashEscapesInStrings() {
        return true;
    }

    @Override
    public boolean setSeesEarlierAssignments() {
        return true;
    }

    @Override
    public boolean hasReplaceStatement() {
        return true;
    }

    @Override
    public boolean labelsCastWithColumnName() {
        return false;
    }

    @Override
    public boolean labelsExpressionWithText() {
        return true;
    }

    @Override
    public boolean orderByNameSeesImplicitLabels() {
        return false;
    }

    @Override
    public boolean aliasesVisibleInHavingAndOrderByExpressions() {
        return true;
    }

    @Override
    public String nowMillis() {
        return "CURRENT_TIMESTAMP(3)";
    }

    @Override
    public String millisSince(String column) {
        return "TIMESTAMPDIFF(MICROSECOND, " + column + ", CURRENT_TIMESTAMP(3)) DIV 1000";
    }

    @Override
    public String utcNowMillis() {
        return "UTC_TIMESTAMP(3)";
    }

    @Override
    public String millisSinceUtc(String column) {
        return "TIMESTAMPDIFF(MICROSECOND, " + column + ", UTC_TIMESTAMP(3)) DIV 1000";
    }

    @Override
    public List<String> heartbeatRoutine(String routine, String table, String schema) {
        // USER() is the calling login inside an SQL SECURITY DEFINER routine (CURRENT_USER() is the definer).
        String now = utcNowMillis();
        return List.of("DROP PROCEDURE IF EXISTS " + routine,
            "CREATE PROCEDURE " + routine + "(p_id VARCHAR(200), p_host VARCHAR(200), p_app VARCHAR(200), "
                + "p_seen BIGINT, p_lease BIGINT) SQL SECURITY DEFINER\n"
                + "BEGIN\n"
                + "  DECLARE me VARCHAR(200) DEFAULT SUBSTRING_INDEX(USER(), '@', 1);\n"
                + "  DECLARE n INT;\n"
                + "  DECLARE o VARCHAR(200);\n"
                + "  DECLARE msg VARCHAR(128);\n"
                + "  SELECT COUNT(*), MAX(owner) INTO n, o FROM " + table + " WHERE instance_id = p_id FOR UPDATE;\n"
                + "  IF n = 0 THEN\n"
                + "    INSERT INTO " + table + " (instance_id, host, app, version_seen, lease_ms, last_heartbeat, "
                + "started_at, owner) VALUES (p_id, p_host, p_app, p_seen, p_lease, " + now + ", " + now + ", me);\n"
                + "  ELSEIF o IS NULL OR o = me THEN\n"
                + "    UPDATE " + table + " SET host = p_host, app = p_app, version_seen = p_seen, lease_ms = p_lease, "
                + "last_heartbeat = " + now + ", owner = me WHERE instance_id = p_id;\n"
                + "  ELSE\n"
                + "    SET msg = LEFT(CONCAT('Tandem instance ', p_id, ' belongs to database user ', o, ', not ', me), 128);\n"
                + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg;\n"
                + "  END IF;\n"
                + "END");
    }

    @Override
    public List<String> reportRoutine(String routine, String statsTable, String instancesTable, String schema) {
        return List.of("DROP PROCEDURE IF EXISTS " + routine,
            "CREATE PROCEDURE " + routine + "(p_id VARCHAR(200), p_stats TEXT) SQL SECURITY DEFINER\n"
                + "BEGIN\n"
                + "  DECLARE me VARCHAR(200) DEFAULT SUBSTRING_INDEX(USER(), '@', 1);\n"
                + "  DECLARE n INT;\n"
                + "  SELECT COUNT(*) INTO n FROM " + instancesTable + " WHERE instance_id = p_id AND owner = me;\n"
                + "  IF n = 0 THEN\n"
                + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
                + "'Tandem instance reports for a row it does not own';\n"
                + "  END IF;\n"
                + "  INSERT INTO " + statsTable + " (instance_id, stats, reported_at) VALUES (p_id, "
                + "IF(CHAR_LENGTH(p_stats) > " + StatsReport.MAX_CHARS + ", NULL, p_stats), " + utcNowMillis() + ")\n"
                + "    ON DUPLICATE KEY UPDATE stats = VALUES(stats), reported_at = VALUES(reported_at);\n"
                + "END");
    }

    @Override
    public String callReport(String routine) {
        return "CALL " + routine + "(?, ?)";
    }

    @Override
    public String reportRoutineGrantTarget(String routine) {
        return "PROCEDURE " + routine;
    }

    @Override
    public String callHeartbeat(String routine) {
        return "CALL " + routine + "(?, ?, ?, ?, ?)";
    }

    @Override
    public List<String> schemaUsageGrants(String schema, String role) {
        return List.of();
    }

    @Override
    public boolean isPermissionDenied(SQLException e) {
        int code = e.getErrorCode();
        return code == 1142 || code == 1143 || code == 1370 || code == 1044;
    }

    @Override
    public String heartbeatRoutineGrantTarget(String routine) {
        return "PROCEDURE " + routine;
    }

    @Override
    public String identityPrimaryKey() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String upsert(String insert, String key, List<String> updated) {
        StringJoiner set = new StringJoiner(", ");
        for (String c : updated) {
            set.add(c + " = VALUES(" + c + ")");
        }
        return insert + " ON DUPLICATE KEY UPDATE " + set;
    }

    @Override
    public boolean findsTablesByRegclass() {
        return false;
    }

    @Override
    public boolean schemasAreCatalogs() {
        return true;
    }

    @Override
    String columnsQuery() {
        return COLUMNS;
    }

    @Override
    void bindColumnsQuery(PreparedStatement ps, TableName table) throws SQLException {
        ps.setString(1, part(table.schema()));
        ps.setString(2, part(table.name()));
    }

    @Override
    String defaultExpression(String reported, String extra) {
        if (reported == null) {
            return null;
        }
        String t = reported.trim();
        if (t.equalsIgnoreCase("NULL")) {
            return null;
        }
        if (t.startsWith("'") || t.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")
            || (extra != null && extra.toUpperCase(Locale.ROOT).contains("DEFAULT_GENERATED"))
            || t.matches("(?i)[a-z_]+\\(.*\\)|current_timestamp|current_date|current_time")) {
            return t;
        }
        return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    @Override
    List<String> viewsReading(TableName table, Set<String> oldColumns, Connection connection) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(VIEWS)) {
            ps.setString(1, table.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String def = String.valueOf(rs.getString(2)).toLowerCase(Locale.ROOT);
                    if (!def.contains(table.name().toLowerCase(Locale.ROOT).replace("`", ""))) {
                        continue;
                    }
                    for (String c : oldColumns) {
                        if (def.contains(c)) {
                            out.add(rs.getString(1).toLowerCase(Locale.ROOT));
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** A name part as the catalog stores it: without its backquotes (or ANSI double quotes). */
    private static String part(String part) {
        if (part != null && part.length() >= 2 && (part.charAt(0) == '`' || part.charAt(0) == '"')
            && part.charAt(part.length() - 1) == part.charAt(0)) {
            String q = String.valueOf(part.charAt(0));
            return part.substring(1, part.length() - 1).replace(q + q, q);
        }
        return part;
    }

    @Override
    public String onlineAlterClause() {
        return ", ALGORITHM=INPLACE, LOCK=NONE";
    }

    @Override
    public String createIndexOnline(String table, String name, boolean unique, List<String> columns) {
        return "ALTER TABLE " + table + " ADD " + (unique ? "UNIQUE " : "") + "INDEX " + name + " ("
            + String.join(", ", columns) + ")" + onlineAlterClause();
    }

    @Override
    public String lockTimeoutStatement(long millis) {
        return "SET SESSION lock_wait_timeout = " + effectiveLockTimeoutMillis(millis) / 1000;
    }

    @Override
    public String resetLockTimeoutStatement() {
        return "SET SESSION lock_wait_timeout = DEFAULT";
    }

    @Override
    public long effectiveLockTimeoutMillis(long millis) {
        return Math.max(1, (millis + 999) / 1000) * 1000;
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }

    @Override
    public String describeLock(DdlLock lock) {
        switch (lock) {
            case BRIEF_EXCLUSIVE:
                return "exclusive metadata lock for an instant (LOCK=NONE); waits at most lock_wait_timeout";
            case INDEX_BUILD:
                return "online (LOCK=NONE): writes continue; exclusive metadata lock for an instant at start and "
                    + "end, each waiting at most lock_wait_timeout";
            case SCAN:
                return "reads the table: writes continue";
            default:
                return "table rebuilt online (LOCK=NONE): writes continue; exclusive metadata lock for an instant "
                    + "at start and end, each waiting at most lock_wait_timeout";
        }
    }

    @Override
    public String afterFailedIndexBuild(String indexName) {
        return null;
    }

    @Override
    public Ddl setDefault(String table, String column, String expression) {
        return new Ddl("ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DEFAULT " + expression
            + onlineAlterClause(), DdlLock.BRIEF_EXCLUSIVE);
    }

    @Override
    public List<Ddl> setNotNullOnline(String table, String column, String type, String defaultExpression,
                                      String checkName) {
        return List.of(new Ddl(modify(table, column, type, defaultExpression, "NOT NULL"), DdlLock.REBUILD));
    }

    @Override
    public Ddl addCheckNotValid(String table, String name, String condition) {
        return null;
    }

    @Override
    public Ddl validateCheck(String table, String name) {
        throw new UnsupportedOperationException("MySQL has no NOT VALID constraints to validate");
    }

    @Override
    List<String> invalidIndexes(TableName table, Connection connection) {
        return List.of();
    }

    @Override
    List<TableMeta.Check> checks(TableName table, Connection connection) throws SQLException {
        List<TableMeta.Check> out = new ArrayList<>();
        String sql = "SELECT cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS cc "
            + "JOIN information_schema.TABLE_CONSTRAINTS tc ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA "
            + "AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME WHERE tc.CONSTRAINT_TYPE = 'CHECK' "
            + "AND tc.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND tc.TABLE_NAME = ? ORDER BY cc.CONSTRAINT_NAME";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bindColumnsQuery(ps, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableMeta.Check(rs.getString(1), "(" + rs.getString(2) + ")", true));
                }
            }
        }
        return out;
    }

    @Override
    public List<Ddl> addForeignKeyOnline(String table, String name, List<String> columns, String refTable,
                                         List<String> refColumns) {
        return List.of();
    }

    @Override
    public Ddl dropForeignKeyBeforeColumn(String table, String name) {
        return new Ddl("ALTER TABLE " + table + " DROP FOREIGN KEY " + name + onlineAlterClause(),
            DdlLock.BRIEF_EXCLUSIVE);
    }

    @Override
    public Ddl dropNotNull(String table, String column, String type, String defaultExpression) {
        return new Ddl(modify(table, column, type, defaultExpression, "NULL"), DdlLock.REBUILD);
    }

    /** MODIFY replaces the whole definition: type, nullability and default are restated. */
    private String modify(String table, String column, String type, String defaultExpression, String nullability) {
        return "ALTER TABLE " + table + " MODIFY " + column + " " + type + " " + nullability
            + (defaultExpression == null ? "" : " DEFAULT " + defaultExpression) + onlineAlterClause();
    }

    @Override
    public String analyzeTable(String table) {
        return "ANALYZE TABLE " + table;
    }

    @Override
    public String replicationLagQuery() {
        return null;
    }

    @Override
    public boolean hasHeapBlockRanges() {
        return false;
    }
}
