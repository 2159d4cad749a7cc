package dev.weft.mux.h1;

/**
 * Where a head parser is within one head (RFC 9112 §2.1: start-line, field lines, empty line).
 *
 * <pre>
 *   START_LINE --start-line--> FIELD_LINES --empty line--> (head returned, back to START_LINE)
 *      ^  |                        |  ^
 *      +--+ empty line (§2.2)      +--+ field line
 * </pre>
 */
enum HeadState {
    /** Nothing of this head parsed yet; a partial start line may sit in the line reader. */
    START_LINE,
    /** Start line parsed and held by the parser; field lines are read until the empty line. */
    FIELD_LINES
}
