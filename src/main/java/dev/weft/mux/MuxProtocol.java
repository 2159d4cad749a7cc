package dev.weft.mux;

/** The wire protocol a {@link Mux} speaks to a server ({@code proto=} of a server line). */
public enum MuxProtocol { H1, H2, FCGI }
