package dev.weft.it.fcgi;

/**
 * The PHP scripts the FastCGI tests serve, as text. Each one prints something the test can check
 * without parsing HTML. Stateless.
 */
final class PhpScripts {
    private PhpScripts() {}

    /** Prints the CGI variables weft passed, one {@code NAME=value} per line. */
    static final String PARAMS = """
            <?php
            header('Content-Type: text/plain');
            foreach (['SCRIPT_NAME', 'SCRIPT_FILENAME', 'PATH_INFO', 'PATH_TRANSLATED', 'QUERY_STRING', 'REQUEST_URI',
                      'DOCUMENT_ROOT', 'DOCUMENT_URI', 'REQUEST_METHOD', 'SERVER_NAME', 'SERVER_PORT', 'SERVER_ADDR',
                      'REMOTE_ADDR', 'SERVER_PROTOCOL', 'GATEWAY_INTERFACE', 'SERVER_SOFTWARE', 'HTTP_PROXY',
                      'HTTP_X_CUSTOM', 'APP_ENV'] as $k) {
                echo $k, '=', $_SERVER[$k] ?? '(unset)', "\\n";
            }
            echo 'GET_x=', $_GET['x'] ?? '(unset)', "\\n";
            """;

    /** Answers {@code SHA-256-hex LENGTH} of the request body. */
    static final String CHECKSUM = """
            <?php
            $body = file_get_contents('php://input');
            header('Content-Type: text/plain');
            echo hash('sha256', $body), ' ', strlen($body);
            """;

    /** Answers with the CGI status given as {@code ?s=418}. */
    static final String STATUS = """
            <?php
            header('Status: ' . $_GET['s']);
            echo 'status ', $_GET['s'];
            """;

    /** A redirect: PHP turns a Location without status into 302. */
    static final String REDIRECT = """
            <?php
            header('Location: /landed.php');
            """;

    /** Two cookies. */
    static final String COOKIES = """
            <?php
            setcookie('a', '1');
            setcookie('b', '2');
            echo 'cookies';
            """;

    /** Writes a line to stderr (FCGI_STDERR) and answers 200. */
    static final String STDERR = """
            <?php
            error_log('weft-it stderr marker ' . $_GET['m']);
            echo 'fine despite stderr';
            """;

    /**
     * Streams 10 MiB (160 blocks of 64 KiB of "0123456789abcdef"); after the first 16 blocks it
     * waits (up to 60 s, longer than the client's 30 s read timeout) for the file {@code ?gate=} to exist, so the test can show the first MiB
     * reached the client before the script produced the rest.
     */
    static final String TEN_MIB = """
            <?php
            header('Content-Type: application/octet-stream');
            $block = str_repeat('0123456789abcdef', 4096);
            for ($i = 0; $i < 160; $i++) {
                if ($i == 16) {
                    for ($t = 0; $t < 6000 && !file_exists($_GET['gate']); $t++) { usleep(10000); }
                }
                echo $block;
                flush();
            }
            """;

    /** Answers after {@code ?ms=} milliseconds, with its worker's pid. */
    static final String SLOW = """
            <?php
            usleep(1000 * (int) ($_GET['ms'] ?? 0));
            echo 'pid ', getmypid();
            """;
}
