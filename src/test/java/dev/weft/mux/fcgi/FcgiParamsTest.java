package dev.weft.mux.fcgi;

import dev.weft.config.FcgiConfig;
import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.stream.Session;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** FastCGI parameters built from request examples, as HAProxy's fcgi-app sets them. */
class FcgiParamsTest {
    private static final Session SESSION = new Session("192.0.2.7", 50123, "127.0.0.1", 8080, false, "HTTP/1.1");
    private static final FcgiConfig APP = new FcgiConfig("/var/www", Optional.of("index.php"),
            Pattern.compile(FcgiConfig.DEFAULT_PATH_INFO), Map.of());

    private static RequestHead get(String target, String... fields) {
        HeaderList h = new HeaderList();
        for (int i = 0; i < fields.length; i += 2) {
            h.add(fields[i], fields[i + 1]);
        }
        return new RequestHead("GET", target, h);
    }

    @Test
    void setsTheCgiVariablesOfAGetWithQueryAndPathInfo() throws ProtocolException {
        Map<String, String> p = FcgiParams.build(get("/app.php/users/42?x=1&y=%20", "Host", "shop.example:8080"),
                0, SESSION, APP);

        assertThat(p).contains(
                entry("GATEWAY_INTERFACE", "CGI/1.1"),
                entry("SERVER_SOFTWARE", "weft"),
                entry("REQUEST_METHOD", "GET"),
                entry("REQUEST_URI", "/app.php/users/42?x=1&y=%20"),
                entry("QUERY_STRING", "x=1&y=%20"),
                entry("SCRIPT_NAME", "/app.php"),
                entry("SCRIPT_FILENAME", "/var/www/app.php"),
                entry("PATH_INFO", "/users/42"),
                entry("PATH_TRANSLATED", "/var/www/users/42"),
                entry("DOCUMENT_ROOT", "/var/www"),
                entry("DOCUMENT_URI", "/app.php/users/42"),
                entry("SERVER_NAME", "shop.example"),
                entry("SERVER_PORT", "8080"),
                entry("SERVER_ADDR", "127.0.0.1"),
                entry("REMOTE_ADDR", "192.0.2.7"),
                entry("REMOTE_PORT", "50123"),
                entry("SERVER_PROTOCOL", "HTTP/1.1"),
                entry("HTTP_HOST", "shop.example:8080"));
        assertThat(p).doesNotContainKeys("HTTPS", "CONTENT_LENGTH", "CONTENT_TYPE");
    }

    @Test
    void splitsAtTheFirstPhpSegmentOnlyAndDecodesThePath() throws ProtocolException {
        Map<String, String> p = FcgiParams.build(get("/a%20b/x.php/y.php/z"), 0, SESSION, APP);

        assertThat(p).contains(entry("SCRIPT_NAME", "/a b/x.php"), entry("PATH_INFO", "/y.php/z"),
                entry("DOCUMENT_URI", "/a b/x.php/y.php/z"), entry("REQUEST_URI", "/a%20b/x.php/y.php/z"));
    }

    @Test
    void givesNoPathInfoWhenThePathIsTheScript() throws ProtocolException {
        Map<String, String> p = FcgiParams.build(get("/info.php"), 0, SESSION, APP);

        assertThat(p).contains(entry("SCRIPT_NAME", "/info.php"), entry("QUERY_STRING", ""));
        assertThat(p).doesNotContainKeys("PATH_INFO", "PATH_TRANSLATED");
    }

    @Test
    void appendsTheIndexToPathsEndingInSlash() throws ProtocolException {
        assertThat(FcgiParams.build(get("/blog/"), 0, SESSION, APP))
                .contains(entry("SCRIPT_NAME", "/blog/index.php"), entry("SCRIPT_FILENAME", "/var/www/blog/index.php"),
                        entry("DOCUMENT_URI", "/blog/"));
    }

    @Test
    void dropsTheProxyFieldAgainstHttpoxyAndMapsTheOthersToHttpVariables() throws ProtocolException {
        Map<String, String> p = FcgiParams.build(get("/i.php", "Host", "h", "Proxy", "http://evil:3128",
                "X-Forwarded-For", "192.0.2.7", "Accept", "a", "accept", "b", "Cookie", "c=1", "Cookie", "d=2",
                "X_Forwarded_For", "spoof"), 0, SESSION, APP);

        assertThat(p).doesNotContainKey("HTTP_PROXY");
        assertThat(p).contains(entry("HTTP_X_FORWARDED_FOR", "192.0.2.7"), entry("HTTP_ACCEPT", "a, b"),
                entry("HTTP_COOKIE", "c=1; d=2"));
    }

    @Test
    void passesContentTypeAndLengthOfABodyAsCgiVariablesNotHttpOnes() throws ProtocolException {
        HeaderList h = new HeaderList().add("Host", "h").add("Content-Type", "application/json").add("Content-Length", "12");
        Map<String, String> p = FcgiParams.build(new RequestHead("POST", "/api.php", h), 12, SESSION, APP);

        assertThat(p).contains(entry("REQUEST_METHOD", "POST"), entry("CONTENT_TYPE", "application/json"),
                entry("CONTENT_LENGTH", "12"));
        assertThat(p).doesNotContainKeys("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH");
    }

    @Test
    void setsHttpsOnlyForTlsAndTakesServerNameFromTheLocalAddressWithoutHost() throws ProtocolException {
        Session tls = new Session("::1", 1, "::1", 8443, true, "HTTP/2.0");
        Map<String, String> p = FcgiParams.build(get("/i.php"), 0, tls, APP);

        assertThat(p).contains(entry("HTTPS", "on"), entry("SERVER_NAME", "::1"), entry("SERVER_PROTOCOL", "HTTP/2.0"));
        assertThat(FcgiParams.serverName("[::1]:8443", tls)).isEqualTo("[::1]");
    }

    @Test
    void letsConfiguredParamsAddOrOverride() throws ProtocolException {
        FcgiConfig app = new FcgiConfig("/srv", Optional.empty(), Pattern.compile(FcgiConfig.DEFAULT_PATH_INFO),
                Map.of("SERVER_NAME", "www.example", "APP_ENV", "prod"));

        assertThat(FcgiParams.build(get("/i.php", "Host", "h"), 0, SESSION, app))
                .contains(entry("SERVER_NAME", "www.example"), entry("APP_ENV", "prod"));
    }

    @Test
    void usesAConfiguredPathInfoRegex() throws ProtocolException {
        FcgiConfig app = new FcgiConfig("/srv", Optional.empty(), Pattern.compile("^(/index\\.php)(.*)$"), Map.of());

        assertThat(FcgiParams.build(get("/index.php/a/b"), 0, SESSION, app))
                .contains(entry("SCRIPT_NAME", "/index.php"), entry("PATH_INFO", "/a/b"));
        assertThat(FcgiParams.build(get("/other/x"), 0, SESSION, app))
                .contains(entry("SCRIPT_NAME", "/other/x")).doesNotContainKey("PATH_INFO");
    }

    @Test
    void refusesPathsThatCouldNameAScriptOutsideTheDocroot() {
        for (String target : new String[] {"/../etc/x.php", "/a/%2e%2e/x.php", "/a/./x.php", "/x.php%00.txt", "/%zz", "/%c3"}) {
            assertThatThrownBy(() -> FcgiParams.build(get(target), 0, SESSION, APP))
                    .as(target).isInstanceOf(ProtocolException.class);
        }
    }
}
