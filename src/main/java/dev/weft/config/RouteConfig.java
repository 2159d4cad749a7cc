package dev.weft.config;

/**
 * {@code frontend.NAME.route.N = CONDITION -> BACKEND}.
 *
 * @param order     N
 * @param condition the parsed condition
 * @param backend   a backend that exists (checked by the loader)
 */
public record RouteConfig(int order, Condition condition, String backend) {}
