package org.carbonedge.common.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile clients for tests: each opens a connection, sends a request's headers announcing a body and one byte of
 * it, then nothing. Closing the group closes every socket.
 */
public final class SlowClients implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code count} slow-body connections to {@code host:port}, POSTing to {@code path}. */
    public static SlowClients open(String host, int port, String path, int count) throws IOException {
        SlowClients group = new SlowClients();
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                group.sockets.add(s);
                s.connect(new InetSocketAddress(host, port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            group.close();
            throw e;
        }
        return group;
    }

    public List<Socket> sockets() {
        return sockets;
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a test socket
            }
        }
    }
}
