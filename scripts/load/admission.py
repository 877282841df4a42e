"""Admission under load: huge JSON documents, huge Arrow streams and small requests at once.

Drives a running service on 127.0.0.1 for a bounded time with three kinds of clients in
threads and counts the statuses:

  * huge JSON documents (declared lengths far beyond the heap budget: must be 413 before the
    body is sent, thanks to Expect: 100-continue), and medium ones that fit one or two at a
    time (200, or 503 with Retry-After while others hold the budget);
  * Arrow IPC streams of many million binary samples, sent as a chunked body batch by batch,
    answered with the aggregates or with per-sample Arrow (which goes through the spool);
  * small JSON requests in a loop.

Exits non-zero if any answer is a 5xx other than 503, a 503 lacks Retry-After, a request
fails at the connection level, or the service is not healthy afterwards.

Usage: python3 scripts/load/admission.py BASE_URL SECONDS
"""
import collections
import http.client
import io
import json
import sys
import threading
import time
import urllib.parse

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:18081"
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 45
HOST = urllib.parse.urlsplit(BASE)
STOP = time.monotonic() + SECONDS
LOCK = threading.Lock()
STATUSES = collections.Counter()
FAILURES = []


def record(kind, status, headers=None, note=""):
    with LOCK:
        STATUSES[(kind, status)] += 1
        if status >= 500 and status != 503:
            FAILURES.append(f"{kind}: {status} {note}")
        if status == 503 and not (headers or {}).get("retry-after"):
            FAILURES.append(f"{kind}: 503 without Retry-After")


def connection():
    return http.client.HTTPConnection(HOST.hostname, HOST.port, timeout=120)


def send(kind, path, body, headers):
    """POST body (bytes or an iterable of chunks); returns (status, headers, payload)."""
    conn = connection()
    try:
        conn.putrequest("POST", path)
        for name, value in headers.items():
            conn.putheader(name, value)
        chunked = not isinstance(body, (bytes, bytearray))
        if chunked:
            conn.putheader("Transfer-Encoding", "chunked")
        else:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if chunked:
            for chunk in body:
                conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            conn.send(b"0\r\n\r\n")
        else:
            conn.send(body)
        response = conn.getresponse()
        payload = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
        record(kind, response.status, headers)
        return response.status, headers, payload
    except (OSError, http.client.HTTPException) as ex:
        with LOCK:
            STATUSES[(kind, "connection error")] += 1
            FAILURES.append(f"{kind}: {type(ex).__name__}: {ex}")
        return None, {}, b""
    finally:
        conn.close()


def huge_declared_json():
    """A declared 900 MB document with Expect: 100-continue: refused before its body."""
    while time.monotonic() < STOP:
        conn = connection()
        try:
            conn.putrequest("POST", "/v1/cross-entropy/binary")
            conn.putheader("Content-Type", "application/json")
            conn.putheader("Content-Length", str(900_000_000))
            conn.putheader("Expect", "100-continue")
            conn.endheaders()
            response = conn.getresponse()
            response.read()
            record("huge JSON (declared 900 MB)", response.status, {k.lower(): v for k, v in response.getheaders()})
        except (OSError, http.client.HTTPException) as ex:
            with LOCK:
                FAILURES.append(f"huge JSON: {type(ex).__name__}: {ex}")
        finally:
            conn.close()
        time.sleep(0.5)


def medium_json():
    n = 1_500_000
    rng = np.random.default_rng(1)
    p = np.round(rng.random(n), 6)
    y = rng.integers(0, 2, n)
    body = ('{"predictions":[' + ",".join(map(repr, p.tolist())) + '],"labels":['
            + ",".join(map(str, y.tolist())) + '],"includeGradients":false}').encode()
    while time.monotonic() < STOP:
        send("medium JSON (1.5M samples, %d MB)" % (len(body) >> 20), "/v1/cross-entropy/binary", body,
             {"Content-Type": "application/json"})


def arrow_batches(n_batches, rows):
    rng = np.random.default_rng(2)
    schema = pa.schema([("predictions", pa.float64()), ("labels", pa.float64())])
    sink = io.BytesIO()
    writer = ipc.new_stream(sink, schema)
    for _ in range(n_batches):
        batch = pa.record_batch([pa.array(rng.random(rows)), pa.array(rng.integers(0, 2, rows).astype(float))],
                                schema=schema)
        writer.write_batch(batch)
        yield sink.getvalue()
        sink.seek(0)
        sink.truncate()
    writer.close()
    yield sink.getvalue()


def arrow_streams(per_sample):
    kind = "Arrow 20M samples, " + ("per-sample Arrow answer" if per_sample else "aggregates")
    headers = {"Content-Type": "application/vnd.apache.arrow.stream"}
    if per_sample:
        headers["Accept"] = "application/vnd.apache.arrow.stream"
    while time.monotonic() < STOP:
        status, _, payload = send(kind, "/v1/cross-entropy/binary?reduction=sum", arrow_batches(20, 1_000_000),
                                  headers)
        if status == 200 and per_sample:
            rows = ipc.open_stream(payload).read_all().num_rows
            if rows != 20_000_000:
                with LOCK:
                    FAILURES.append(f"{kind}: {rows} rows back")


def small():
    body = b'{"predictions":[0.9,0.2,0.65],"labels":[1,0,1]}'
    while time.monotonic() < STOP:
        send("small JSON", "/v1/cross-entropy/binary", body, {"Content-Type": "application/json"})


def main():
    threads = [threading.Thread(target=huge_declared_json)]
    threads += [threading.Thread(target=medium_json) for _ in range(3)]
    threads += [threading.Thread(target=arrow_streams, args=(False,)), threading.Thread(target=arrow_streams,
                                                                                          args=(True,))]
    threads += [threading.Thread(target=small) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conn = connection()
    conn.request("GET", "/actuator/health")
    health = conn.getresponse()
    healthy = health.status == 200 and json.loads(health.read()).get("status") == "UP"
    print("statuses by kind of request:")
    for (kind, status), count in sorted(STATUSES.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        print(f"  {kind:55s} {status!s:>17s} x {count}")
    print("healthy after:", healthy)
    for failure in FAILURES[:20]:
        print("FAIL", failure)
    ok = healthy and not FAILURES
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
