#!/usr/bin/env python3
"""Helpers of scripts/load-and-fault.sh, standard library only, 127.0.0.1 only.

  clients.py payloads DIR                 writes the request bodies of the wrk mix into DIR
  clients.py inflight PORT DIR N SECONDS  keeps N large requests in flight (one connection each)
                                          until the server goes away, then reports what happened
                                          to the requests in flight when DIR/sigterm was written
  clients.py chunked PORT BYTES           streams a chunked body of BYTES (never ending JSON
                                          numbers) and reports the answer and how much was sent

Every socket operation has a timeout, so no helper can hang.
"""
import json
import os
import random
import socket
import sys
import threading
import time

BINARY = "/v1/cross-entropy/binary"
MULTILABEL = "/v1/cross-entropy/multilabel"
CATEGORICAL = "/v1/cross-entropy/categorical"


def payloads(directory):
    rnd = random.Random(42)
    os.makedirs(directory, exist_ok=True)

    def write(name, body):
        with open(os.path.join(directory, name), "w") as out:
            out.write(body if isinstance(body, str) else json.dumps(body, separators=(",", ":")))

    def distribution(c):
        row = [rnd.random() + 1e-3 for _ in range(c)]
        total = sum(row)
        return [x / total for x in row]

    write("binary-small.json", {"predictions": [round(rnd.random(), 6) for _ in range(32)],
                                "labels": [rnd.randint(0, 1) for _ in range(32)]})
    write("multilabel-small.json", {"inputType": "logits",
                                    "predictions": [[round(rnd.gauss(0, 2), 6) for _ in range(5)] for _ in range(16)],
                                    "labels": [[rnd.randint(0, 1) for _ in range(5)] for _ in range(16)],
                                    "reduction": "sum"})
    write("categorical-small.json", {"predictions": [distribution(4) for _ in range(16)],
                                     "labels": [rnd.randrange(4) for _ in range(16)], "labelSmoothing": 0.1})
    write("binary-100k.json", {"inputType": "logits",
                               "predictions": [round(rnd.gauss(0, 3), 9) for _ in range(100_000)],
                               "labels": [rnd.randint(0, 1) for _ in range(100_000)]})
    write("categorical-10kx10.json", {"inputType": "logits",
                                      "predictions": [[round(rnd.gauss(0, 3), 9) for _ in range(10)]
                                                      for _ in range(10_000)],
                                      "labels": [rnd.randrange(10) for _ in range(10_000)]})
    write("malformed.json", '{"predictions":[0.9,0.2,"labels":[1,0]}')
    write("invalid-values.json", {"predictions": [[0.5, 0.6]], "labels": [3]})
    # 10001 classes: over xent.limits.max-classes (10000), refused with 413 as soon as the row is read.
    write("too-many-classes.json", {"inputType": "logits", "predictions": [[0.5] * 10_001], "labels": [0]})


def post(port, path, body, timeout):
    """One request on its own connection; returns (status, complete, error, t_connected, t_sent, t_done)."""
    head = ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n" % (path, len(body))).encode()
    t_connected = t_sent = None
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    except ConnectionRefusedError:
        return None, False, "refused", None, None, time.time()
    except OSError as ex:
        return None, False, "connect: %s" % ex, None, None, time.time()
    t_connected = time.time()
    received = bytearray()
    try:
        sock.sendall(head + body)
        t_sent = time.time()
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    except OSError as ex:
        status, complete = parse(received)
        sock.close()
        return status, complete, "%s after %d bytes" % (type(ex).__name__, len(received)), t_connected, t_sent, time.time()
    sock.close()
    status, complete = parse(received)
    return status, complete, None if complete else "closed after %d bytes" % len(received), t_connected, t_sent, time.time()


def parse(received):
    """(status, whether the whole response arrived), from raw bytes."""
    end = received.find(b"\r\n\r\n")
    if not received.startswith(b"HTTP/1.1 ") or end < 0:
        return None, False
    status = int(received[9:12])
    head = received[:end].decode("latin-1").lower()
    body = received[end + 4:]
    for line in head.split("\r\n"):
        if line.startswith("content-length:"):
            return status, len(body) >= int(line.split(":", 1)[1])
    if "transfer-encoding: chunked" in head:
        return status, body.endswith(b"0\r\n\r\n")
    return status, True


def inflight(port, directory, n, seconds):
    bodies = [open(os.path.join(directory, name), "rb").read() for name in ("binary-100k.json", "categorical-10kx10.json")]
    paths = [BINARY, CATEGORICAL]
    records = []
    lock = threading.Lock()
    stop = time.time() + seconds

    def worker(k):
        while time.time() < stop:
            which = k % 2
            record = post(port, paths[which], bodies[which], timeout=30)
            with lock:
                records.append(record)
            if record[2] == "refused":
                return

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    marker = os.path.join(directory, "sigterm")
    sigterm = float(open(marker).read()) if os.path.exists(marker) else None
    report = {"requests": len(records), "sigterm": sigterm is not None}
    if sigterm is not None:
        in_flight = [r for r in records if r[3] is not None and r[3] < sigterm and r[5] > sigterm]
        lost = [r for r in in_flight if not (r[0] == 200 and r[1])]
        later = [r for r in records if (r[3] or r[5]) >= sigterm and r not in in_flight]
        def describe(r):
            offsets = ["%+.3f" % (t - sigterm) if t is not None else "-" for t in (r[3], r[4], r[5])]
            return "status %s, complete %s, error %s; connected/sent/done at %s s from SIGTERM" % (
                r[0], r[1], r[2], "/".join(offsets))

        # Connected after SIGTERM, but closed or reset before a byte of an answer: the connection was
        # never taken by the service (it was in the listening socket's queue when that closed).
        untaken = [r for r in later if r[2] not in (None, "refused") and r[2].endswith(" 0 bytes")]
        broken = [r for r in later if r[2] not in (None, "refused") and not r[1] and r not in untaken]
        report.update({
            "in_flight_at_sigterm": len(in_flight),
            "in_flight_completed_200": len(in_flight) - len(lost),
            "lost": len(lost),
            "lost_examples": [describe(r) for r in lost[:5]],
            "after_sigterm_refused": sum(1 for r in later if r[2] == "refused"),
            "after_sigterm_untaken": len(untaken),
            "after_sigterm_answered": sum(1 for r in later if r[0] is not None and r[1]),
            "after_sigterm_broken": len(broken),
            "broken_examples": [describe(r) for r in broken[:5]],
            "last_completed_after_sigterm_s": round(max([r[5] - sigterm for r in in_flight] or [0]), 3),
        })
    before = [r for r in records if sigterm is None or r[5] <= sigterm]
    report["before_sigterm_ok"] = sum(1 for r in before if r[0] == 200 and r[1])
    report["before_sigterm_failed"] = sum(1 for r in before if not (r[0] == 200 and r[1]))
    print(json.dumps(report))


def chunked(port, total):
    """Streams {"predictions":[0.1234...,0.1234...,... as chunks until the server answers."""
    number = b"0.12345678901234567890123456789,"
    piece = number * (1 << 15)  # 1 MiB per chunk
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(b"POST " + BINARY.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    start = time.time()
    state = {"sent": 0, "answered": False, "error": None}
    received = bytearray()

    def reader():
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                received.extend(data)
                state["answered"] = True
                if parse(received)[1]:
                    break
        except OSError as ex:
            state["error"] = "read: %s" % ex
        state["answered"] = True

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        first = b'{"predictions":['
        sock.sendall(b"%x\r\n%s\r\n" % (len(first), first))
        while state["sent"] < total and not state["answered"]:
            sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            state["sent"] += len(piece)
    except OSError as ex:
        state["error"] = "write: %s" % ex
    t.join(60)
    sock.close()
    status, complete = parse(received)
    print(json.dumps({"offered_bytes": total, "sent_bytes_before_answer": state["sent"], "status": status,
                      "complete": complete, "seconds": round(time.time() - start, 2),
                      "body": received[received.find(b"\r\n\r\n") + 4:].decode("latin-1")[-400:],
                      "error": state["error"]}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "payloads":
        payloads(sys.argv[2])
    elif command == "inflight":
        inflight(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
    elif command == "chunked":
        chunked(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit("unknown command " + command)
