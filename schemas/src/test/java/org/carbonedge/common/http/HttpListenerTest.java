package org.carbonedge.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared listener against real sockets: loopback by default, bodies over the limit refused while the server
 * keeps answering, slow clients cut off without locking others out, bearer tokens checked before the body.
 */
class HttpListenerTest {

    /** Echoes the body's length; reads the whole body first, as the APIs do. */
    static final HttpHandler ECHO = exchange -> {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            byte[] answer = ("{\"bytes\":" + body.length + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    };

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpListener listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private HttpListener start(HttpListenerSettings settings, AccessCheck access) {
        listener = HttpListener.start("test", settings, ErrorFormat.statusAndError(), access,
                Map.of("/", ECHO, "/ping", HttpListenerTest::pong));
        return listener;
    }

    private static void pong(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(listener.url() + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsToLoopbackUnlessToldOtherwise() {
        start(HttpListenerSettings.loopback(0), AccessCheck.OPEN);
        assertThat(listener.boundAddress().getAddress().isLoopbackAddress()).isTrue();
        assertThat(listener.boundAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listener.url()).startsWith("http://127.0.0.1:");
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("test-http"))
                .isNotEmpty().allMatch(Thread::isDaemon, "daemon");
    }

    @Test
    void refusesABodyOverTheLimitAndKeepsServing() throws Exception {
        start(HttpListenerSettings.loopback(0).withMaxBodyBytes(1024), AccessCheck.OPEN);
        HttpResponse<String> big = post("/", "x".repeat(4096));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"status\":413");
        assertThat(big.headers().firstValue("Content-Type")).contains("application/json");

        // chunked: no Content-Length to refuse up front, refused once it grows past the limit
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(listener.url() + "/")).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[8192])))
                .build();
        assertThat(client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);

        HttpResponse<String> small = post("/", "x".repeat(1024));
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.body()).isEqualTo("{\"bytes\":1024}");
    }

    /**
     * A body over the limit (but under the drain limit) is read and dropped before the 413, so a client that sends
     * its whole body first always gets the answer (no reset destroying it) and its connection stays usable.
     */
    @Test
    void aRefusedBodyIsDrainedSoTheAnswerArrivesAndTheConnectionStays() throws Exception {
        start(HttpListenerSettings.loopback(0).withMaxBodyBytes(1024), AccessCheck.OPEN);
        for (int i = 0; i < 10; i++) {
            try (Socket s = new Socket("127.0.0.1", listener.port())) {
                s.setSoTimeout(10_000);
                var out = s.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 262144\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[256 * 1024]);
                out.flush();
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(in.readLine()).as("attempt " + i).startsWith("HTTP/1.1 413");
                int length = skipHeaders(in);
                in.skip(length);
                out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(in.readLine()).as("the same connection answers again").startsWith("HTTP/1.1 200");
            }
        }
    }

    /** Reads header lines up to the blank one; returns the Content-Length (0 when none). */
    private static int skipHeaders(java.io.BufferedReader in) throws IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return length;
    }

    @Test
    void slowBodiesDoNotLockOthersOutAndAreCutOff() throws Exception {
        start(HttpListenerSettings.loopback(0).withMaxThreads(64)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(5)), AccessCheck.OPEN);
        try (SlowClients slow = SlowClients.open("127.0.0.1", listener.port(), "/", 40)) {
            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                HttpResponse<String> ok = post("/", "{}");
                assertThat(ok.statusCode()).isEqualTo(200);
            });
            // the slow clients are cut off after the read timeout: the server answers 408 or closes
            Socket first = slow.sockets().get(0);
            first.setSoTimeout(10_000);
            Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> endedByServer(first));
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        start(HttpListenerSettings.loopback(0)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1)), AccessCheck.OPEN);
        try (Socket s = new Socket("127.0.0.1", listener.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // no end
            s.setSoTimeout(10_000);
            Awaitility.await().atMost(Duration.ofSeconds(6)).until(() -> endedByServer(s));
        }
    }

    @Test
    void bearerTokenIsCheckedBeforeTheBody() throws Exception {
        start(HttpListenerSettings.loopback(0), BearerToken.of("s3cret-token", "test"));
        HttpResponse<String> none = post("/", "{}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(none.body()).contains("\"status\":401").doesNotContain("s3cret");
        // its body was never read: the connection must not be offered for reuse (the next request would get nothing)
        assertThat(none.headers().firstValue("connection")).hasValue("close");
        HttpResponse<String> wrong = post("/", "{}", "Authorization", "Bearer s3cret-tokeN");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("s3cret");
        HttpResponse<String> right = post("/", "{}", "Authorization", "Bearer s3cret-token");
        assertThat(right.statusCode()).as(right.body() + right.headers().map()).isEqualTo(200);
        assertThat(post("/ping", "", "Authorization", "bearer s3cret-token").statusCode()).isEqualTo(204);
        assertThat(BearerToken.of("s3cret-token", "test").toString()).doesNotContain("s3cret");
        assertThat(BearerToken.of(" ", "test")).isSameAs(AccessCheck.OPEN);
    }

    @Test
    void routesByLongestPrefixAndAnswersMalformedRequestsInTheApiShape() throws Exception {
        start(HttpListenerSettings.loopback(0), AccessCheck.OPEN);
        assertThat(post("/ping", "").statusCode()).isEqualTo(204);
        assertThat(post("/pingpong", "").statusCode()).isEqualTo(200);
        try (Socket s = new Socket("127.0.0.1", listener.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(16 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(5000);
            String answer = new String(s.getInputStream().readNBytes(200), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 431");
        }
    }

    /** True once the server answered (e.g. 408) and/or closed the connection. */
    private static boolean endedByServer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            while (n > 0) {
                n = in.read(buf);
            }
            return true;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }
}
