"""Checks scripts/spark-score.sh against the service and numpy on a generated Parquet file.

    python3 examples/python/spark_check.py --url http://127.0.0.1:8080 [--rows 1000000] [--keep DIR]

Writes binary and categorical evaluation sets as Parquet (several row groups, so Spark reads
them in several splits and partitions), then for each:
  1. scores the file with scripts/spark-score.sh (Spark in local mode),
  2. posts the same file, as an Arrow IPC stream, to the service with the same options,
  3. computes the loss with numpy,
and prints the three, failing (exit 1) unless count is equal, weightSum, sum and mean agree
to 1e-12 relative and every summary member agrees to 1e-12 (scripts/spark-check.sh starts
the service and runs this).
"""
import argparse
import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EPS = np.finfo(np.float64).eps


def binary(rows, rng):
    p = rng.uniform(0, 1, rows)
    y = (rng.uniform(0, 1, rows) < p).astype(np.float64)
    w = rng.uniform(0, 2, rows)
    groups = np.array(["north", "south", "east", "west"])[rng.integers(0, 4, rows)]
    table = pa.table({"predictions": p, "labels": y, "sampleWeights": w, "groups": groups})
    pc = np.clip(p, EPS, 1 - EPS)
    losses = -w * (y * np.log(pc) + (1 - y) * np.log1p(-pc))
    return table, losses, w


def categorical(rows, rng, classes=10):
    logits = rng.normal(0, 2, (rows, classes))
    labels = rng.integers(0, classes, rows)
    table = pa.table({
        "predictions": pa.FixedSizeListArray.from_arrays(pa.array(logits.ravel()), classes),
        "labels": labels,
    })
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    losses = -log_softmax[np.arange(rows), labels]
    return table, losses, np.ones(rows)


def arrow_stream(table):
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=250_000):
            writer.write_batch(batch)
    return sink.getvalue()


def compare(at, a, b, problems, tolerance=1e-12):
    if isinstance(b, dict):
        if list(a) != list(b):
            problems.append(f"{at}: members {list(a)} != {list(b)}")
            return
        for key in b:
            compare(f"{at}/{key}", a[key], b[key], problems, tolerance)
    elif isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{at}: {len(a)} items != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            compare(f"{at}/{i}", x, y, problems, tolerance)
    elif isinstance(b, bool) or b is None or isinstance(b, str):
        if a != b:
            problems.append(f"{at}: {a} != {b}")
    elif isinstance(b, int) and isinstance(a, int):
        if a != b:
            problems.append(f"{at}: {a} != {b} (exact)")
    elif not math.isclose(a, b, rel_tol=tolerance, abs_tol=1e-9):
        problems.append(f"{at}: {a!r} != {b!r} (relative {abs(a - b) / abs(b):.1e})")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the service, e.g. http://127.0.0.1:8080")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", help="write the Parquet files here and keep them")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="xent-spark-check")
    os.makedirs(work, exist_ok=True)
    rng = np.random.default_rng(17)
    cases = [
        ("cross-entropy/binary", "summaries=stderr,accuracy,calibration,worst,groups&worstK=5", binary(args.rows, rng)),
        ("cross-entropy/categorical", "inputType=logits&summaries=stderr,accuracy,perplexity", categorical(args.rows // 4, rng)),
    ]
    failed = False
    for endpoint, query, (table, losses, weights) in cases:
        path = os.path.join(work, endpoint.replace("/", "-") + ".parquet")
        pq.write_table(table, path, row_group_size=max(1, table.num_rows // 8))
        spark = json.loads(subprocess.run([os.path.join(ROOT, "scripts", "spark-score.sh"), path, endpoint, query],
                                          check=True, capture_output=True, text=True).stdout)
        response = requests.post(f"{args.url}/v1/{endpoint}?{query}", data=arrow_stream(table),
                                 headers={"Content-Type": "application/vnd.apache.arrow.stream"}, timeout=600)
        response.raise_for_status()
        service = response.json()
        numpy_sum = float(np.sum(losses))
        numpy_weight = float(np.sum(weights))
        print(f"{endpoint} ({table.num_rows} rows, {query})")
        print(f"  spark:   count {spark['count']}  weightSum {spark['weightSum']!r}  sum {spark['sum']!r}  mean {spark['mean']!r}")
        print(f"  service: count {service['count']}  weightSum {service['weightSum']!r}  sum {service['sum']!r}  mean {service['mean']!r}")
        print(f"  numpy:   count {table.num_rows}  weightSum {numpy_weight!r}  sum {numpy_sum!r}  mean {numpy_sum / numpy_weight!r}")
        problems = []
        compare("", spark, service, problems)
        compare("/sum (numpy)", spark["sum"], numpy_sum, problems)
        compare("/mean (numpy)", spark["mean"], numpy_sum / numpy_weight, problems)
        for p in problems:
            print("  DIFFERS " + p)
        print("  spark = service (1e-12) and numpy (1e-12): " + ("no" if problems else "yes"))
        failed |= bool(problems)
    if not args.keep:
        shutil.rmtree(work)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
