package dev.tandem.driver.internal.jdbc;

import dev.tandem.driver.TandemSQLException;
import dev.tandem.driver.TandemSqlState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.sql.SQLException;

/**
 * Buffers a caller's stream or reader so one parameter can be bound to several indexes: a stream
 * can be read only once, so each target gets a fresh in-memory copy.
 */
final class Streams {
    private Streams() {
    }

    /** All bytes of {@code in}, or at most {@code length} when {@code length >= 0}; null for null. */
    static byte[] bytes(InputStream in, long length, int index) throws SQLException {
        if (in == null) {
            return null;
        }
        try {
            if (length < 0) {
                return in.readAllBytes();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 1 << 16));
            byte[] chunk = new byte[8192];
            long left = length;
            int n;
            while (left > 0 && (n = in.read(chunk, 0, (int) Math.min(chunk.length, left))) > 0) {
                out.write(chunk, 0, n);
                left -= n;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw unreadable(index, e);
        }
    }

    /** All characters of {@code reader}, or at most {@code length} when {@code length >= 0}; null for null. */
    static String chars(Reader reader, long length, int index) throws SQLException {
        if (reader == null) {
            return null;
        }
        try {
            StringBuilder out = new StringBuilder();
            char[] chunk = new char[8192];
            long left = length < 0 ? Long.MAX_VALUE : length;
            int n;
            while (left > 0 && (n = reader.read(chunk, 0, (int) Math.min(chunk.length, left))) > 0) {
                out.append(chunk, 0, n);
                left -= n;
            }
            return out.toString();
        } catch (IOException e) {
            throw unreadable(index, e);
        }
    }

    static InputStream in(byte[] bytes) {
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    static Reader reader(String chars) {
        return chars == null ? null : new StringReader(chars);
    }

    private static SQLException unreadable(int index, IOException e) {
        return new TandemSQLException("Could not read the stream bound to parameter " + index
            + " (Tandem copies it because the rewritten statement uses the value more than once)",
            TandemSqlState.INVALID_PARAMETER_VALUE, e);
    }
}
