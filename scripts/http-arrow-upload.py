#!/usr/bin/env python3
"""Arrow over HTTP: MB/s of request body for one large Arrow IPC stream posted to the
running service (issue 12's target: >= 500 MB/s on 127.0.0.1).

    python3 scripts/http-arrow-upload.py --url http://127.0.0.1:8080 [-n 10000000] [-k 10]

The body is made once, before any timing: N binary samples as two float64 columns
(predictions, labels; 16 bytes a row, 160 MB for 10M rows) in record batches of 1M rows.
Each request is timed from its first byte sent to the last byte of the answer read, on
one keep-alive connection, with the ready body handed to the socket in one sendall (the
client does no work per byte); the answer is the JSON aggregates. Prints each request's
MB/s, then the median and the best after the warm-up requests. Needs pyarrow and numpy.
"""

import argparse
import http.client
import statistics
import sys
import time
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--url", default="http://127.0.0.1:8080")
parser.add_argument("-n", type=int, default=10_000_000, help="rows (default 10,000,000: 160 MB)")
parser.add_argument("-k", type=int, default=10, help="timed requests (default 10)")
parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
args = parser.parse_args()

rng = np.random.default_rng(1)
p = rng.random(args.n)
y = (rng.random(args.n) < p).astype(np.float64)
table = pa.table({"predictions": p, "labels": y})
sink = pa.BufferOutputStream()
with pa.ipc.new_stream(sink, table.schema) as writer:
    for batch in table.to_batches(max_chunksize=1_000_000):
        writer.write_batch(batch)
body = sink.getvalue().to_pybytes()

url = urlsplit(args.url)
connection = http.client.HTTPConnection(url.hostname, url.port or 80)


def post():
    start = time.perf_counter()
    connection.putrequest("POST", "/v1/cross-entropy/binary")
    connection.putheader("Content-Type", "application/vnd.apache.arrow.stream")
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders()
    connection.sock.sendall(body)
    response = connection.getresponse()
    answer = response.read()
    seconds = time.perf_counter() - start
    if response.status != 200:
        sys.exit(f"HTTP {response.status}: {answer[:300]!r}")
    return seconds, answer


for _ in range(args.warmup):
    post()
rates = []
for _ in range(args.k):
    seconds, answer = post()
    rates.append(len(body) / seconds / 1e6)
    print(f"{seconds * 1000:7.0f} ms  {rates[-1]:6.0f} MB/s")
print(f"body {len(body) / 1e6:.1f} MB ({args.n:,} rows): median {statistics.median(rates):.0f} MB/s, "
      f"best {max(rates):.0f} MB/s over {args.k} requests; answer {answer.decode()}")
