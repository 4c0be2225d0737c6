package dev.tandem.driver.internal.text;

import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.Provider;
import net.sf.jsqlparser.parser.SimpleCharStream;

import java.io.IOException;

/**
 * A statement's text as JSqlParser's input, read like its own string input, except for how the end is
 * signalled. JSqlParser's character stream learns of the end of input from an {@link IOException} it
 * constructs itself, twice per parse; the constructor fills in a stack trace, a walk of every frame from
 * the application's down through the parser's recursion, which cost 7-8 % of a cold statement (more, the
 * deeper the application's stack). Here the provider throws the end instead: {@link EndOfInput} has no
 * stack trace, and the stream's handling of it (the same catch block, the same position bookkeeping, then
 * the end-of-file token) is unchanged, so a statement parses to the same tree either way.
 *
 * <p>The stream's buffer is sized to the text, as JSqlParser sizes it for its own string input: left to
 * its default (4,096 chars and two int arrays of as many line and column numbers, 40 KB zeroed per parse)
 * it cost more than the stack traces saved.
 */
public final class SqlText implements Provider {
    private final String sql;
    private int position;

    public SqlText(String sql) {
        this.sql = sql;
    }

    /** JSqlParser's parser over {@code sql}, read through a {@link SqlText}. */
    public static CCJSqlParser parser(String sql) {
        // One char more than the text: the whole text fits, and the next read finds the end.
        return new CCJSqlParser(new CCJSqlParserTokenManager(new SimpleCharStream(new SqlText(sql), 1, 1,
            sql.length() + 1)));
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int left = sql.length() - position;
        if (left == 0) {
            throw new EndOfInput();
        }
        int n = Math.min(length, left);
        sql.getChars(position, position + n, buffer, offset);
        position += n;
        return n;
    }

    @Override
    public void close() {
        // nothing to release: the text stays with the caller
    }

    /** The end of the text: caught inside JSqlParser's token manager, which makes it the end-of-file token. */
    public static final class EndOfInput extends IOException {
        private static final long serialVersionUID = 1L;

        EndOfInput() {
            super("end of the statement's text");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // nobody sees it: the token manager turns it into the end-of-file token
        }
    }
}
