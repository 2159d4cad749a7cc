package dev.weft.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** One per finished stream: where it went, how it ended, how many attempts it took. */
@Name("weft.Stream")
@Label("Stream")
@Category({"weft", "Stream"})
@Description("One client request/response exchange, from routing to the end of the response")
public final class StreamEvent extends jdk.jfr.Event {
    @Label("Stream Id") public long streamId;
    @Label("ConnStream Id") public long connStreamId;
    @Label("Frontend") public String frontend;
    @Label("Backend") public String backend;
    @Label("Server") @Description("The last server tried") public String server;
    @Label("Status") public int status;
    @Label("Attempts") public int attempts;
    @Label("Retries") public int retries;
    @Label("Redispatched") public boolean redispatched;
    @Label("Termination") public String termination;
    @Label("Queue Time") @Timespan(Timespan.MILLISECONDS) public long tw;
    @Label("Connect Time") @Timespan(Timespan.MILLISECONDS) public long tc;
    @Label("Response Time") @Timespan(Timespan.MILLISECONDS) public long tr;
    @Label("Bytes") public long bytes;
}
