package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import java.util.stream.Collectors;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * weft in front of a real php-fpm ({@code proto=fcgi}, {@code maxconn} = its 4 children, so
 * connections are kept): the CGI variables of a GET with query and path info, 1 MiB POST bodies
 * intact, CGI statuses 404 and 418, a redirect, repeated Set-Cookie, stderr output logged by weft
 * beside a 200, the index of a directory, httpoxy's Proxy header never reaching PHP, and a
 * {@code ..} path refused with 400.
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiRequestsIT {
    private static final String CONFIG = "conf/fcgi/php.properties";

    private static PhpFpm fpm;
    private static WeftProcess weft;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        fpm = PhpFpm.start(4)
                .script("params.php", PhpScripts.PARAMS)
                .script("sum.php", PhpScripts.CHECKSUM)
                .script("status.php", PhpScripts.STATUS)
                .script("redirect.php", PhpScripts.REDIRECT)
                .script("cookies.php", PhpScripts.COOKIES)
                .script("stderr.php", PhpScripts.STDERR)
                .script("dir/index.php", "<?php echo 'index of ', $_SERVER['SCRIPT_NAME'];")
                .script("ignore.php", "<?php echo 'body ignored';");
        weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", fpm.children())
                .set("DOCROOT", fpm.docroot()).start();
        client = Http11.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (weft != null) {
            weft.close();
        }
        if (fpm != null) {
            fpm.close();
        }
    }

    private static HttpResponse<String> get(String target, String... headers) throws Exception {
        HttpRequest.Builder request = Http11.request(weft.uri(target));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), BodyHandlers.ofString());
    }

    private static Map<String, String> lines(String body) {
        return body.lines().map(l -> l.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    @Test
    void passesTheCgiVariablesOfAGetWithQueryAndPathInfo() throws Exception {
        HttpResponse<String> response = get("/params.php/users/42?x=1&y=2", "X-Custom", "hello");

        assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics() + fpm.diagnostics()).isEqualTo(200);
        Map<String, String> p = lines(response.body());
        String docroot = fpm.docroot().toString();
        assertThat(p).containsEntry("SCRIPT_NAME", "/params.php")
                .containsEntry("SCRIPT_FILENAME", docroot + "/params.php")
                .containsEntry("PATH_INFO", "/users/42")
                .containsEntry("PATH_TRANSLATED", docroot + "/users/42")
                .containsEntry("QUERY_STRING", "x=1&y=2")
                .containsEntry("GET_x", "1")
                .containsEntry("REQUEST_URI", "/params.php/users/42?x=1&y=2")
                .containsEntry("DOCUMENT_ROOT", docroot)
                .containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("SERVER_NAME", "127.0.0.1")
                .containsEntry("SERVER_PORT", String.valueOf(weft.frontPort()))
                .containsEntry("SERVER_ADDR", "127.0.0.1")
                .containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
                .containsEntry("SERVER_SOFTWARE", "weft")
                .containsEntry("HTTP_X_CUSTOM", "hello")
                .containsEntry("APP_ENV", "it");
    }

    @Test
    void neverPassesTheProxyHeaderToPhp() throws Exception {
        HttpResponse<String> response = get("/params.php", "Proxy", "http://attacker.example:3128");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lines(response.body())).containsEntry("HTTP_PROXY", "(unset)");
    }

    @Test
    void servesTheIndexOfADirectory() throws Exception {
        HttpResponse<String> response = get("/dir/");

        assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
        assertThat(response.body()).isEqualTo("index of /dir/index.php");
    }

    @Test
    void postsOneMebibyteBodiesIntact() throws Exception {
        for (int size : new int[] {1 << 20, (1 << 20) + 7}) {
            byte[] body = DeterministicBytes.array(size);
            HttpResponse<String> response = client.send(Http11.request(weft.uri("/sum.php"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(DeterministicBytes.sha256(size) + " " + size);
        }
    }

    @Test
    void postsAChunkedBodyWithItsContentLength() throws Exception {
        int size = (1 << 20) + 3;
        try (RawHttpConnection c = RawHttpConnection.open(weft.frontPort())) {
            c.send(RawHttpConnection.head("POST /sum.php HTTP/1.1", "Host: localhost",
                    "Content-Type: application/octet-stream", "Transfer-Encoding: chunked"));
            c.sendChunked(DeterministicBytes.stream(size), 8191);
            RawResponse response = c.readResponse("POST");

            assertThat(response.status()).as(() -> response.bodyText() + weft.diagnostics()).isEqualTo(200);
            assertThat(response.bodyText()).as("php-fpm reads no body without CONTENT_LENGTH: weft spools it")
                    .isEqualTo(DeterministicBytes.sha256(size) + " " + size);
        }
    }

    @Test
    void answersAScriptThatIgnoresALargeBodyAndKeepsServing() throws Exception {
        for (int i = 0; i < 3 * fpm.children(); i++) {
            HttpResponse<String> response = client.send(Http11.request(weft.uri("/ignore.php"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(DeterministicBytes.array(1 << 20))).build(),
                    BodyHandlers.ofString());

            assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics() + fpm.diagnostics())
                    .isEqualTo(200);
            assertThat(response.body()).isEqualTo("body ignored");
        }
        assertThat(get("/sum.php").body()).isEqualTo(DeterministicBytes.sha256(0) + " 0");
    }

    @Test
    void relaysCgiStatuses404And418() throws Exception {
        HttpResponse<String> notFound = get("/status.php?s=404%20Not%20Found");
        HttpResponse<String> teapot = get("/status.php?s=418%20I%27m%20a%20teapot");
        HttpResponse<String> missing = get("/no-such-script.php");

        assertThat(notFound.statusCode()).as(weft::diagnostics).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("status 404 Not Found");
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(missing.statusCode()).as("php-fpm's own answer for a missing script").isEqualTo(404);
    }

    @Test
    void relaysALocationAsA302Redirect() throws Exception {
        HttpResponse<String> response = get("/redirect.php");

        assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).contains("/landed.php");
    }

    @Test
    void keepsRepeatedSetCookieFields() throws Exception {
        HttpResponse<String> response = get("/cookies.php");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void logsStderrOutputAndKeepsThe200() throws Exception {
        HttpResponse<String> response = get("/stderr.php?m=m42");

        assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fine despite stderr");
        AccessLogLine line = weft.awaitLogLine("the stderr request", l -> l.uri().startsWith("/stderr.php?m=m42"));
        assertThat(line.status()).isEqualTo(200);
        weft.awaitOrFail("weft to log the script's stderr with the server and its ConnStream id",
                java.time.Duration.ofSeconds(10), () -> weft.stderr().lines().anyMatch(l ->
                        l.contains("fcgi php/fpm cs#") && l.contains("stderr: PHP message: weft-it stderr marker m42")));
    }

    @Test
    void refusesAPathThatCouldNameAScriptOutsideTheDocroot() throws Exception {
        try (RawHttpConnection c = RawHttpConnection.open(weft.frontPort())) {
            RawResponse response = c.exchange("GET", "/%2e%2e/params.php");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(400);
        }
        AccessLogLine line = weft.awaitLogLine("the .. request", l -> l.uri().startsWith("/%2e%2e/"));
        assertThat(line.server()).as("refused by the FastCGI mux, not by the frontend: " + line).isEqualTo("fpm");
        assertThat(line.terminationState()).isEqualTo("PR");
    }
}
