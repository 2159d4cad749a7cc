package dev.weft.stream;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a {@link ConnStream} is, HAProxy's stream-interface states for the server side
 * ({@code si[1]}). Each constant states its invariant and the states it may move to; the one
 * place that checks a transition is {@link #canMoveTo}.
 * <pre>
 *   INI ─▶ REQ ─▶ ASS ─▶ CON ─▶ EST ─▶ DIS ─▶ CLO
 *           │ ▲    ▲      │      │
 *           ▼ │    │      ▼      ▼
 *          QUE ────┘     CER ◀───┘   (a failed attempt: reset, then REQ, TAR or CLO)
 *                         │ ▲
 *                         ▼ │
 *                         TAR         (turn-around pause before the same server again)
 * </pre>
 * Any state may move to CLO (the stream ends: answered, aborted or given up).
 */
public enum StreamState {
    /** Created; no server wanted yet. → REQ, CLO. */
    INI,
    /** Waiting for a server to be chosen; no server, no connection. → QUE, ASS, CLO. */
    REQ,
    /** Queued in the backend for a server slot; no connection. → ASS, CLO. */
    QUE,
    /** Waiting out the turn-around pause before retrying; no connection. → REQ, ASS, CLO. */
    TAR,
    /** Server chosen and its slot taken; no connection yet. → CON, CLO. */
    ASS,
    /** Taking a pooled connection or opening one, then attaching; connection may be set. → EST, CER, CLO. */
    CON,
    /** The attempt failed; the ConnStream is being reset: no connection once reset. → REQ, TAR, CLO. */
    CER,
    /** Attached to a connection; request and response flow. → CER (failure before the response was relayed), DIS, CLO. */
    EST,
    /** Detached after the exchange; the connection went back to its pool or was closed. → CLO. */
    DIS,
    /** Ended and released; terminal. */
    CLO;

    private Set<StreamState> next;

    static {
        INI.next = EnumSet.of(REQ, CLO);
        REQ.next = EnumSet.of(QUE, ASS, CLO);
        QUE.next = EnumSet.of(ASS, CLO);
        TAR.next = EnumSet.of(REQ, ASS, CLO);
        ASS.next = EnumSet.of(CON, CLO);
        CON.next = EnumSet.of(EST, CER, CLO);
        CER.next = EnumSet.of(REQ, TAR, CLO);
        EST.next = EnumSet.of(CER, DIS, CLO);
        DIS.next = EnumSet.of(CLO);
        CLO.next = EnumSet.noneOf(StreamState.class);
    }

    /** True when a ConnStream in this state may move to {@code target}. */
    public boolean canMoveTo(StreamState target) {
        return next.contains(target);
    }
}
