package dev.tandem.agent.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Clients that start a request and never finish it: half the headers, or the headers and half the body. */
public final class SlowSockets {
    private SlowSockets() {
    }

    /** Opens {@code n} such sockets to the admin API on {@code port}, alternating the two kinds. */
    public static List<Socket> open(int port, int n, String token) throws IOException {
        List<Socket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket("127.0.0.1", port);
            OutputStream o = s.getOutputStream();
            String request = i % 2 == 0
                ? "GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n"
                : "POST /backfill HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 1000\r\n\r\n{\"a\"";
            o.write(request.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            out.add(s);
        }
        return out;
    }

    public static void close(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a test socket
            }
        }
    }
}
