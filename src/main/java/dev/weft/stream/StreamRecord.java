package dev.weft.stream;

import dev.weft.failure.Termination;

/**
 * What is logged and recorded about one finished stream (the fields of HAProxy's HTTP log).
 * Times are milliseconds; -1 where the phase was not reached, as HAProxy logs them.
 *
 * @param startMillis     wall-clock time the stream started
 * @param clientAddress   {@code ip:port}
 * @param frontend        frontend name
 * @param backend         backend name (the frontend's name for a local answer)
 * @param server          server name, or {@code <NOSRV>}
 * @param tr              TR, time to receive the request head (0: Helidon parsed it before weft sees it)
 * @param tw              Tw, time queued
 * @param tc              Tc, time to connect (last attempt)
 * @param tresp           Tr, time waiting for the response head (last attempt)
 * @param ta              Ta, total active time
 * @param status          status sent to the client
 * @param bytes           response bytes sent to the client (body)
 * @param termination     termination state
 * @param retries         retries made
 * @param redispatched    true when a retry went to another server
 * @param method          request method
 * @param uri             request target
 * @param protocol        client protocol
 * @param streamId        the stream's id
 * @param connStreamId    the ConnStream's id (0 for a local answer)
 */
public record StreamRecord(long startMillis, String clientAddress, String frontend, String backend, String server,
                           long tr, long tw, long tc, long tresp, long ta, int status, long bytes,
                           Termination termination, int retries, boolean redispatched,
                           String method, String uri, String protocol, long streamId, long connStreamId) {
}
