#!/usr/bin/env python3
"""A minimal FastCGI responder for scripts/aot-cache.sh's training run (not a test peer).

    python3 scripts/aot/fcgi-responder.py PORT

Listens on 127.0.0.1:PORT and answers every request with "200 ok" as php-fpm would: one
GET_VALUES_RESULT saying FCGI_MPXS_CONNS=0 to weft's probe, then STDOUT (CGI head and body),
an empty STDOUT and END_REQUEST(REQUEST_COMPLETE) per request, keeping the connection when the
request asked (FCGI_KEEP_CONN). Why it exists: classes that the training run never loads are
loaded from the jar at the first FastCGI requests, where two streams loading one class at once
pin a carrier (jdk.VirtualThreadPinned, BENCHMARKS.md); trained, they come from the AOT cache.
"""
import socket
import struct
import sys
import threading

BEGIN_REQUEST, END_REQUEST, STDIN, STDOUT, GET_VALUES, GET_VALUES_RESULT = 1, 3, 5, 6, 9, 10
BODY = b"Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nok\n"


def record(rtype, request_id, content):
    """One record (the FastCGI 1.0 specification, section 3.3), padded to a multiple of 8 bytes."""
    pad = -len(content) % 8
    return struct.pack(">BBHHBx", 1, rtype, request_id, len(content), pad) + content + b"\0" * pad


def read_exact(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def serve(conn):
    try:
        exchange(conn)
    except OSError:
        pass  # weft resets the connections it closes (SO_LINGER 0, as HAProxy): not an error
    finally:
        conn.close()


def exchange(conn):
    """Answers the records of one connection until weft closes it or a request without keep-conn ends."""
    keep = {}
    while True:
        head = read_exact(conn, 8)
        if head is None:
            return
        _, rtype, rid, length, pad = struct.unpack(">BBHHBx", head)
        content = read_exact(conn, length + pad)
        if content is None:
            return
        content = content[:length]
        if rtype == GET_VALUES:
            name, value = b"FCGI_MPXS_CONNS", b"0"
            conn.sendall(record(GET_VALUES_RESULT, 0, bytes([len(name), len(value)]) + name + value))
        elif rtype == BEGIN_REQUEST:
            keep[rid] = bool(content[2] & 1)
        elif rtype == STDIN and length == 0:
            conn.sendall(record(STDOUT, rid, BODY) + record(STDOUT, rid, b"")
                         + record(END_REQUEST, rid, struct.pack(">IB3x", 0, 0)))
            if not keep.pop(rid, False):
                return
        # PARAMS and non-empty STDIN carry nothing this responder needs


def main():
    server = socket.create_server(("127.0.0.1", int(sys.argv[1])), backlog=128)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
