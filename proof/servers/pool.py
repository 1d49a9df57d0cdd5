#!/usr/bin/env python3
"""
A worker-pool HTTP/1.0 server on loopback for reqpath's real-server proof.

  pool.py --mode shared    --threads 4 --service-ms 8 --port P
      N threads block in accept() on ONE listening socket: the listen backlog is one shared queue (M/M/c).
  pool.py --mode reuseport --threads 4 --service-ms 8 --port P
      N threads, each with ITS OWN socket bound to the same port with SO_REUSEPORT: the kernel hashes each
      connection to one socket, so every thread has its own queue (per-thread dispatch).

Service is a sleep of exponential length (I/O-like: robust to other jobs on a shared machine). One request
per connection (HTTP/1.0, the server closes). `GET /stats` answers JSON counters instead of sleeping:
busySeconds (thread time from accept to close, summed), requests, cpuSeconds (process CPU), now (monotonic).
Prints "listening PORT" on stdout when ready. Loopback only.
"""
import argparse
import sys
import json
import random
import socket
import threading
import time

RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["shared", "reuseport"], required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--service-ms", type=float, default=8.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    lock = threading.Lock()
    counters = {"busy": 0.0, "requests": 0}
    mean = args.service_ms / 1000.0

    def listener(port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if args.mode == "reuseport":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(4096)
        return sock

    def handle(conn, rng):
        started = time.monotonic()
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                return
            data += chunk
        if data.startswith(b"GET /stats"):
            with lock:
                body = json.dumps({"busySeconds": counters["busy"], "requests": counters["requests"],
                                   "cpuSeconds": time.process_time(), "now": time.monotonic(),
                                   "threads": args.threads}).encode()
            conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            conn.close()
            return
        time.sleep(rng.expovariate(1.0 / mean))
        conn.sendall(RESPONSE)
        conn.close()
        with lock:
            counters["busy"] += time.monotonic() - started
            counters["requests"] += 1

    def worker(sock, index):
        rng = random.Random(args.seed * 1000 + index)
        while True:
            conn, _ = sock.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                handle(conn, rng)
            except OSError:
                conn.close()

    first = listener(args.port)
    port = first.getsockname()[1]
    sockets = [first] if args.mode == "shared" else [first] + [listener(port) for _ in range(args.threads - 1)]
    threads = []
    for i in range(args.threads):
        sock = sockets[0] if args.mode == "shared" else sockets[i]
        t = threading.Thread(target=worker, args=(sock, i), daemon=True)
        t.start()
        threads.append(t)
    print(f"listening {port}", flush=True)
    # Exit when the parent closes our stdin (or dies): no server outlives its proof run.
    sys.stdin.read()


if __name__ == "__main__":
    main()
