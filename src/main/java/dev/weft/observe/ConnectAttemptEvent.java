package dev.weft.observe;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One attempt to get a ConnStream attached to a connection of a server; its duration is the event's. */
@Name("weft.ConnectAttempt")
@Label("Connect Attempt")
@Category({"weft", "Backend"})
public final class ConnectAttemptEvent extends jdk.jfr.Event {
    @Label("ConnStream Id") public long connStreamId;
    @Label("Attempt") public int attempt;
    @Label("Server") public String server;
    @Label("Connection Id") public long connectionId;
    @Label("Reused Connection") public boolean reused;
    @Label("Outcome") public String outcome;
}
