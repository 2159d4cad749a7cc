package dev.weft.frontend;

/** A request Helidon parsed but weft refuses to forward (bad field name or value, no Host): 400. */
final class MalformedRequestException extends Exception {
    MalformedRequestException(String message) {
        super(message);
    }
}
