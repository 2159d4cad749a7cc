# Opens N keep-alive client connections to weft, each doing one GET, then holds them idle and
# prints weft's RSS. usage: idle.py PORT N PID
import socket, sys, time, resource
port, n, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
resource.setrlimit(resource.RLIMIT_NOFILE, (n + 1000, n + 1000))
socks = []
req = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(req)
    socks.append(s)
ok = 0
for s in socks:
    s.settimeout(10)
    d = s.recv(4096)
    if d.startswith(b"HTTP/1.1 200"):
        ok += 1
time.sleep(3)
rss = [l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1]
alive = 0
for s in socks:
    try:
        s.setblocking(False)
        d = s.recv(1)
        alive += 0 if d == b"" else 1
    except BlockingIOError:
        alive += 1
print(f"connections={n} answered={ok} still_open={alive} weft_rss_kib={rss}")
