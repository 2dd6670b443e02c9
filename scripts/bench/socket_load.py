#!/usr/bin/env python3
"""Round-trip times of `ping` on a control socket under concurrent clients.

usage: socket_load.py SOCKET CLIENTS REQUESTS_PER_CLIENT
Prints: p50_ms p99_ms max_ms requests errors
"""
import socket
import sys
import threading
import time

path, clients, per_client = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
latencies, errors, lock = [], [0], threading.Lock()
start_barrier = threading.Barrier(clients)


def client():
    mine = []
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        s.connect(path)
        f = s.makefile("rb")
        start_barrier.wait()
        for _ in range(per_client):
            t0 = time.perf_counter()
            s.sendall(b"ping\n")
            line = f.readline()
            mine.append(time.perf_counter() - t0)
            if not line.startswith(b'{"ok":true'):
                with lock:
                    errors[0] += 1
        s.close()
    except Exception:
        with lock:
            errors[0] += 1
    with lock:
        latencies.extend(mine)


threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
if not latencies:
    print("0 0 0 0", errors[0])
    sys.exit(1)


def pct(p):
    return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000


print(f"{pct(0.50):.2f} {pct(0.99):.2f} {latencies[-1] * 1000:.2f} {len(latencies)} {errors[0]}")
