package dev.tandem.shadedjar;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The application {@link FromAFolderIT} runs in a child JVM whose class path is a folder: JDBC only, no Tandem
 * class named, the driver found by {@link DriverManager}. Prints what it saw, one {@code key=value} per line.
 */
public final class FolderApp {
    private FolderApp() {
    }

    /** {@code args[0]}: the {@code jdbc:tandem:postgresql:} URL. */
    public static void main(String[] args) throws SQLException, URISyntaxException {
        String url = args[0];
        Driver driver = DriverManager.getDriver(url);
        System.out.println("driver=" + driver.getClass().getName());
        System.out.println("driverJar=" + Path.of(driver.getClass().getProtectionDomain().getCodeSource().getLocation()
            .toURI()));
        System.out.println("micrometer=" + visible("io.micrometer.core.instrument.MeterRegistry"));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO users (id, email) VALUES (7, 'grace@x.io')");
            s.executeUpdate("UPDATE users SET email = 'grace@y.io' WHERE id = 7");
            try (ResultSet rs = s.executeQuery("SELECT email FROM users WHERE id = 7")) {
                System.out.println("email=" + (rs.next() ? rs.getString(1) : "(no row)"));
            }
        }
    }

    private static String visible(String className) {
        try {
            Class.forName(className, false, FolderApp.class.getClassLoader());
            return "present";
        } catch (ClassNotFoundException e) {
            return "absent";
        }
    }
}
