package dev.weft.config;

/**
 * {@code backend.NAME.server.SNAME = HOST:PORT [OPTION...]}.
 *
 * @param name     SNAME
 * @param address  HOST:PORT
 * @param proto    {@code proto=}, default h1
 * @param weight   {@code weight=}, 1..256, default 1
 * @param maxconn  {@code maxconn=}: concurrent streams; 0 = unlimited
 * @param backup   {@code backup}
 * @param disabled {@code disabled}
 */
public record ServerConfig(String name, HostPort address, Proto proto, int weight, int maxconn,
                           boolean backup, boolean disabled) {

    /** {@code proto=} values. */
    public enum Proto { H1, H2, FCGI }
}
