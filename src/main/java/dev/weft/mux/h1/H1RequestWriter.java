package dev.weft.mux.h1;

import dev.weft.http.RequestHead;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes a request head as HTTP/1.1 bytes (RFC 9112 §3, §5):
 *
 * <pre>
 * METHOD SP target SP "HTTP/1.1" CRLF
 * *( Name ":" SP value CRLF )
 * CRLF
 * </pre>
 *
 * Fields are written exactly as given, in order: choosing them (hop-by-hop removal, Host,
 * Via, framing fields) is the caller's job. Stateless and thread-safe.
 */
public final class H1RequestWriter {
    /** {@code " HTTP/1.1\r\n"}: the bytes after the target. */
    private static final String VERSION_CRLF = " HTTP/1.1\r\n";

    private H1RequestWriter() {
    }

    /** The exact number of bytes {@link #write} takes for {@code head}. */
    public static int size(RequestHead head) {
        return head.method().length() + 1 + head.target().length() + VERSION_CRLF.length()
                + FieldSectionWriter.size(head.headers()) + 2;
    }

    /**
     * Writes {@code head} into {@code out} at its position, as ISO-8859-1 bytes.
     *
     * @return the number of bytes written, {@link #size(RequestHead)}
     * @throws BufferOverflowException {@code out} has less room than {@link #size(RequestHead)};
     *         nothing was written then
     */
    public static int write(RequestHead head, ByteBuffer out) {
        int size = size(head);
        if (out.remaining() < size) {
            throw new BufferOverflowException();
        }
        FieldSectionWriter.putLatin1(head.method(), out);
        out.put((byte) ' ');
        FieldSectionWriter.putLatin1(head.target(), out);
        FieldSectionWriter.putLatin1(VERSION_CRLF, out);
        FieldSectionWriter.write(head.headers(), out);
        out.put((byte) '\r').put((byte) '\n');
        return size;
    }
}
