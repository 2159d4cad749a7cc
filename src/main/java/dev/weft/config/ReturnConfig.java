package dev.weft.config;

/**
 * {@code frontend.NAME.return = STATUS CONTENT-TYPE TEXT...}: a local answer (HAProxy's
 * {@code http-request return status S content-type T string TEXT}).
 *
 * @param status      100..599
 * @param contentType e.g. {@code text/plain}
 * @param body        the rest of the line, as written (may be empty)
 */
public record ReturnConfig(int status, String contentType, String body) {}
