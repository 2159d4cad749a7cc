package dev.weft.stream;

/**
 * Marks a client-side IOException as {@code timeout.client} expiring (logged {@code cD}/{@code cR}
 * rather than {@code CD}/{@code CR}). Implemented by the frontend's exception type, so the
 * stream core needs no frontend class.
 */
public interface ClientTimeout {
}
