package dev.tandem.driver.stub;

/**
 * One {@code setXxx}/{@code registerOutParameter} call a stub statement received. Streams and readers
 * are read when set (as pgjdbc does), so {@code value} holds their content as byte[] or String.
 *
 * @param method the setter's name
 * @param index  the parameter index it was applied to
 * @param value  the value (stream content for streams), or null
 * @param extra  the second argument (SQL type, length, calendar...), or null
 */
public record SetCall(String method, int index, Object value, Object extra) {
    public static SetCall of(String method, int index, Object value) {
        return new SetCall(method, index, value, null);
    }
}
