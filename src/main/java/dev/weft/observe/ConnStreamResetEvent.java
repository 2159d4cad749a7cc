package dev.weft.observe;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A ConnStream was reset after a failed attempt: detached, its connection closed. */
@Name("weft.ConnStreamReset")
@Label("ConnStream Reset")
@Category({"weft", "Stream"})
public final class ConnStreamResetEvent extends jdk.jfr.Event {
    @Label("ConnStream Id") public long connStreamId;
    @Label("Server") public String server;
    @Label("Connection Id") @jdk.jfr.Description("The connection closed by the reset, 0 if none was attached")
    public long connectionId;
    @Label("Reason") public String reason;
}
