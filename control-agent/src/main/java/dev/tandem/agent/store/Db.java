package dev.tandem.agent.store;

import dev.tandem.agent.AgentException;
import dev.tandem.driver.sql.Dialect;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections to the target database through its real driver (the agent never goes through Tandem). */
public final class Db {
    private final String url;
    private final Properties props = new Properties();
    private final Dialect dialect;

    public Db(String url, String user, String password) {
        this.url = url;
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.dialect = Dialect.fromUrl(url);
        if (dialect == null) {
            throw new AgentException(AgentException.Kind.INVALID, "Cannot tell the database from the URL " + url
                + "; the agent supports jdbc:postgresql:, jdbc:mysql: and jdbc:mariadb: URLs");
        }
    }

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }
}
