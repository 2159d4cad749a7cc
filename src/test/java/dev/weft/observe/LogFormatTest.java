package dev.weft.observe;

import dev.weft.failure.Termination;
import dev.weft.stream.StreamRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogFormatTest {
    private static StreamRecord record(int retries, boolean redispatched, Termination t) {
        return new StreamRecord(0, "127.0.0.1:50312", "web", "app", "s1", 0, 0, 1, 3, 4, 200, 512, t,
                retries, redispatched, "GET", "/x?y=1", "HTTP/1.1", 9, 7);
    }

    @Test
    void writesHaproxysHttpFormat() {
        String line = LogFormat.haproxy(record(0, false, Termination.NORMAL));
        assertThat(line).matches("127\\.0\\.0\\.1:50312 \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] "
                + "web app/s1 0/0/1/3/4 200 512 - - ---- 0/0/0/0/0 0/0 \"GET /x\\?y=1 HTTP/1.1\"");
    }

    @Test
    void marksRedispatchedRetriesWithAPlus() {
        assertThat(LogFormat.haproxy(record(2, true, Termination.NORMAL))).contains(" 0/0/0/0/+2 ");
        assertThat(LogFormat.haproxy(record(1, false, Termination.NORMAL))).contains(" 0/0/0/0/1 ");
    }

    @Test
    void writesTheTerminationStateWithCookieFlags() {
        assertThat(LogFormat.haproxy(record(0, false, new Termination('s', 'H')))).contains(" sH-- ");
    }

    @Test
    void writesJsonWithEscapedStrings() {
        StreamRecord r = new StreamRecord(0, "1.2.3.4:5", "web", "app", "s1", 0, 0, 1, 3, 4, 200, 512,
                Termination.NORMAL, 0, false, "GET", "/\"q\"", "HTTP/1.1", 9, 7);
        assertThat(LogFormat.json(r)).contains("\"uri\":\"/\\\"q\\\"\"").contains("\"connstream\":7").startsWith("{")
                .endsWith("}");
    }
}
