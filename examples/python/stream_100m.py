"""Streams 100 million binary samples to xent as ONE Arrow request, generated batch by
batch (never all in memory), twice: for the aggregates (JSON answer), then for the
per-sample Arrow answer, which is read batch by batch and counted, not kept.

    python3 stream_100m.py [--url URL] [-n 100000000] [--batch-rows 1000000] [--pid JVM_PID]

It reports the request body's MB/s, the answer's, and the service's peak heap, sampled
every 0.2 s from GET /actuator/prometheus (jvm_memory_used_bytes{area="heap"}, summed
over the pools); with --pid (a local JVM) also the process's peak resident memory.

Checks (exit status 1 on any failure): count == N in both runs; the service's mean
equals a streaming numpy reference (per-batch sums added with math.fsum) to 1e-12
relative; the per-sample run's Σ loss equals its aggregates' sum to 1e-12 relative.

The per-sample answer of 100M samples (loss, weight, gradient: 2.4 GB) is spooled by the
service while the body is read, so the service needs a spool budget above that
(-Dxent.spool.budget=8GB) and the disk space. scripts/stream-100m.sh starts such a
service with -Xmx256m and runs this script against it.
"""

import argparse
import math
import os
import re
import sys
import threading
import time

import numpy as np
import pyarrow as pa
import requests

import xent_client as xc

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--url", default=os.environ.get("XENT_URL", "http://localhost:8080"))
parser.add_argument("-n", type=int, default=100_000_000, help="samples (default 100,000,000)")
parser.add_argument("--batch-rows", type=int, default=1_000_000, help="rows per record batch (default 1,000,000)")
parser.add_argument("--compression", default=None, help="zstd, lz4, gzip, or e.g. zstd,gzip")
parser.add_argument("--pid", type=int, default=None, help="the service's process id, for its peak RSS")
parser.add_argument("--skip-per-sample", action="store_true", help="only the aggregates run")
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()

N, ROWS = args.n, args.batch_rows
EPS = np.finfo(np.float64).eps
SCHEMA = pa.schema([("predictions", pa.float64()), ("labels", pa.int8())])
compression = args.compression.split(",") if args.compression else None


class Generated:
    """The request's batches, made one at a time from a per-batch seed (so both runs send
    the same samples), with the byte count and the reference loss sum as they go."""

    def __init__(self):
        self.buffer_bytes = 0
        self.batch_sums = []

    def __iter__(self):
        for index, start in enumerate(range(0, N, ROWS)):
            rows = min(ROWS, N - start)
            rng = np.random.default_rng([args.seed, index])
            p = rng.random(rows)
            y = rng.integers(0, 2, rows, dtype=np.int8)
            q = np.clip(p, EPS, 1 - EPS)  # the service's default clipping (sklearn's)
            self.batch_sums.append(float(-np.sum(np.where(y == 1, np.log(q), np.log1p(-q)))))
            batch = pa.RecordBatch.from_arrays([pa.array(p), pa.array(y)], schema=SCHEMA)
            self.buffer_bytes += batch.nbytes
            yield batch

    def reference_sum(self):
        return math.fsum(self.batch_sums)


class Counted:
    """Passes the body's chunks through, counting bytes and noting when the last left."""

    def __init__(self, chunks):
        self.chunks, self.bytes, self.done_at = chunks, 0, None

    def __iter__(self):
        for chunk in self.chunks:
            self.bytes += len(chunk)
            yield chunk
        self.done_at = time.perf_counter()


class HeapSampler(threading.Thread):
    """Polls the service's heap (and the JVM's RSS with --pid) until stopped."""

    HEAP = re.compile(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\}\s+(\S+)', re.M)

    def __init__(self, url, pid=None, period=0.2):
        super().__init__(daemon=True)
        self.url, self.pid, self.period = url.rstrip("/") + "/actuator/prometheus", pid, period
        self.peak_heap = self.peak_rss = 0
        self.samples, self.errors = 0, 0
        self._stop_event = threading.Event()

    def run(self):
        with requests.Session() as s:
            while not self._stop_event.is_set():
                try:
                    text = s.get(self.url, timeout=5).text
                    heap = sum(float(v) for v in self.HEAP.findall(text))
                    if heap:
                        self.peak_heap = max(self.peak_heap, heap)
                        self.samples += 1
                except requests.RequestException:
                    self.errors += 1
                if self.pid:
                    self.peak_rss = max(self.peak_rss, rss_bytes(self.pid, "VmRSS"))
                self._stop_event.wait(self.period)

    def stop(self):
        self._stop_event.set()
        self.join()


def rss_bytes(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


failures = []


def check(what, ok, detail):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}: {detail}")
    if not ok:
        failures.append(what)


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def run(per_sample, session):
    generated = Generated()
    codec, coding = xc.split_compression(compression)
    chunks = xc.ipc_stream(SCHEMA, generated, compression=codec)
    body = Counted(xc.zlib_stream(chunks, coding) if coding else chunks)  # the bytes on the wire
    sampler = HeapSampler(args.url, args.pid)
    sampler.start()
    t0 = time.perf_counter()
    rows = 0
    loss_sums = []
    answer_bytes = 0
    try:
        result = xc.post(args.url, "binary", body, xc.ARROW, per_sample=per_sample,
                         content_encoding=coding, session=session)
        t_answer = time.perf_counter()
        if per_sample:
            with result as answer:
                aggregates = answer.aggregates
                for batch in answer:  # counted and summed, then dropped
                    rows += batch.num_rows
                    answer_bytes += batch.nbytes
                    loss_sums.append(float(np.sum(batch.column("loss").to_numpy())))
        else:
            aggregates = result
        t_done = time.perf_counter()
    finally:
        sampler.stop()

    title = "per-sample Arrow answer" if per_sample else "aggregates (JSON answer)"
    mb = body.bytes / 1e6
    print(f"\n{title}: {N:,} samples in {math.ceil(N / ROWS)} batches of <= {ROWS:,} rows")
    print(f"  request body    {mb:10,.1f} MB (Arrow IPC{', ' + args.compression if args.compression else ''}) "
          f"in {t_answer - t0:7.2f} s: {mb / (t_answer - t0):8.1f} MB/s (from the first byte to the answer's start; "
          f"the last byte left after {body.done_at - t0:.2f} s)")
    if per_sample:
        print(f"  answer          {answer_bytes / 1e6:10,.1f} MB (Arrow buffers) in {t_done - t_answer:7.2f} s: "
              f"{answer_bytes / 1e6 / max(t_done - t_answer, 1e-9):8.1f} MB/s")
    print(f"  total           {t_done - t0:7.2f} s")
    print(f"  service heap    peak {sampler.peak_heap / 2**20:8.1f} MiB "
          f"({sampler.samples} samples of /actuator/prometheus{', %d failed' % sampler.errors if sampler.errors else ''})")
    if args.pid:
        print(f"  service RSS     peak {sampler.peak_rss / 2**20:8.1f} MiB while sampled; "
              f"VmHWM since start {rss_bytes(args.pid, 'VmHWM') / 2**20:.1f} MiB")
    print(f"  aggregates      {aggregates}")
    ref = generated.reference_sum()
    check("count == N", aggregates["count"] == N, f"{aggregates['count']:,}")
    check("mean == numpy reference (1e-12)", rel(aggregates["mean"], ref / N) <= 1e-12,
          f"{aggregates['mean']!r} vs {ref / N!r}, relative {rel(aggregates['mean'], ref / N):.1e}")
    if per_sample:
        check("rows returned == N", rows == N, f"{rows:,}")
        total = math.fsum(loss_sums)
        check("Σ loss == aggregates.sum (1e-12)", rel(total, aggregates["sum"]) <= 1e-12,
              f"relative {rel(total, aggregates['sum']):.1e}")
    if sampler.samples == 0:
        print("  (no heap samples: is /actuator/prometheus reachable?)")


with requests.Session() as session:
    run(False, session)
    if not args.skip_per_sample:
        run(True, session)

print("\nall checks passed" if not failures else f"\nFAILED: {', '.join(failures)}")
sys.exit(1 if failures else 0)
