package dev.weft.observe;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** The retry decision after a failed attempt: REDISPATCH, SAME_SERVER or NO_RETRY, and why. */
@Name("weft.Retry")
@Label("Retry")
@Category({"weft", "Stream"})
public final class RetryEvent extends jdk.jfr.Event {
    @Label("ConnStream Id") public long connStreamId;
    @Label("Decision") public String decision;
    @Label("Reason") public String reason;
    @Label("From Server") public String fromServer;
    @Label("Retries Done") public int retriesDone;
}
