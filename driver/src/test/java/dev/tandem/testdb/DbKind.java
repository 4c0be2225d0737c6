package dev.tandem.testdb;

/** The kinds of real database server that Tandem's tests run against. */
public enum DbKind {
    /** PostgreSQL, reached with the pgjdbc driver ({@code jdbc:postgresql://}). */
    POSTGRESQL,
    /**
     * The MySQL-family server: MariaDB when embedded, MySQL 8 under Testcontainers or whatever
     * {@code TANDEM_TEST_MYSQL_URL} points at; always reached with MySQL Connector/J ({@code jdbc:mysql://}).
     */
    MARIADB
}
