"""A tour of the xent Python client, checked against scikit-learn.

    python3 example.py [URL]        # URL defaults to $XENT_URL, then http://localhost:8080

Each call's result is compared with sklearn.metrics.log_loss (or with numpy) at relative
1e-12; the script exits with status 1 if any comparison fails.
"""

import os
import sys

import numpy as np
import requests
from sklearn.metrics import log_loss

import xent_client as xc

URL = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("XENT_URL", "http://localhost:8080")
TOL = 1e-12
failures = 0


def check(what, got, want, tol=TOL):
    """Prints one comparison; counts it as a failure beyond relative `tol`."""
    global failures
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    scale = np.maximum(np.abs(want), np.finfo(float).tiny)
    err = float(np.max(np.abs(got - want) / scale)) if got.size else 0.0
    ok = got.shape == want.shape and err <= tol
    failures += not ok
    shown = f"{float(got):.15g}" if got.size == 1 else f"{got.shape} values"
    print(f"  {'ok  ' if ok else 'FAIL'} {what}: {shown}, max relative difference {err:.1e}")


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


rng = np.random.default_rng(42)
n, k, c = 10_000, 4, 5
session = requests.Session()  # one keep-alive connection for every call

print(f"xent at {URL}")

# --- binary: probabilities and 0/1 labels ------------------------------------------------
p = rng.random(n)
y = rng.integers(0, 2, n)
print("binary")
r = xc.score(URL, "binary", p, labels=y, session=session)
print("  ", r)
check("mean = log_loss(y, p)", r["mean"], log_loss(y, p))
check("count", r["count"], n)

w = rng.random(n) * 2
r = xc.score(URL, "binary", p, labels=y, sample_weights=w, session=session)
check("with sample weights = log_loss(..., sample_weight=w)", r["mean"], log_loss(y, p, sample_weight=w))

# Logits: the service's stable softplus form against log_loss of the sigmoid.
z = rng.normal(0, 3, n)
r = xc.score(URL, "binary", z, labels=y, inputType="logits", session=session)
check("logits = log_loss(y, sigmoid(z))", r["mean"], log_loss(y, 1 / (1 + np.exp(-z))), tol=1e-10)

# The same request, compressed three ways: the same numbers, bit for bit.
plain = xc.score(URL, "binary", p, labels=y, session=session)
for comp in ("zstd", "lz4", "gzip", ("zstd", "gzip")):
    r = xc.score(URL, "binary", p, labels=y, compression=comp, batch_rows=3_000, session=session)
    check(f"compression={comp!r}, batches of 3000 rows: same sum", r["sum"], plain["sum"], tol=0)

# --- multilabel: K independent sigmoids; mean = log loss over all N*K elements ----------
print("multilabel")
P = rng.random((n, k))
Y = rng.integers(0, 2, (n, k)).astype(np.float64)
r = xc.score(URL, "multilabel", P, labels=Y, session=session)
check("mean = log_loss(Y.ravel(), P.ravel())", r["mean"], log_loss(Y.ravel(), P.ravel()))

cw = np.array([1.0, 0.5, 2.0, 1.0])
r = xc.score(URL, "multilabel", P, labels=Y, classWeights=cw, session=session)
e = -(Y * np.log(P) + (1 - Y) * np.log1p(-P))
check("classWeights (numpy reference)", r["mean"], np.mean(e @ cw / k))

# --- categorical: softmax over C classes ---------------------------------------------------
print("categorical")
logits = rng.normal(0, 2, (n, c))
probs = softmax(logits)
labels = rng.integers(0, c, n)
r = xc.score(URL, "categorical", probs, labels=labels, session=session)
check("probabilities = log_loss(y, P)", r["mean"], log_loss(labels, probs, labels=range(c)))
r = xc.score(URL, "categorical", logits, labels=labels, inputType="logits", session=session)
check("logits = log_loss(y, softmax(Z))", r["mean"], log_loss(labels, probs, labels=range(c)), tol=1e-10)
r = xc.score(URL, "categorical", probs, labels=labels, sample_weights=w, session=session)
check("sample weights = log_loss(..., sample_weight=w)", r["mean"],
      log_loss(labels, probs, sample_weight=w, labels=range(c)))
onehot = np.eye(c)[labels]
r = xc.score(URL, "categorical", probs, targets=onehot, session=session)
check("one-hot targets = class labels", r["mean"], log_loss(labels, probs, labels=range(c)))

try:
    r = xc.score(URL, "categorical", logits, labels=labels, inputType="logits",
                 summaries=["accuracy", "stderr"], session=session)
    acc = np.mean(np.argmax(logits, axis=1) == labels)
    check("summaries.accuracy = mean(argmax == y)", r["summaries"]["accuracy"]["accuracy"], acc)
    print("   stderr:", r["summaries"]["stderr"])
except xc.XentError as err:
    if err.status != 400 or "summaries" not in str(err):
        raise
    print("  skip summaries: this service does not know them yet (400 for the parameter)")

# --- per-sample output: loss, weight, gradient as numpy arrays -----------------------------
print("per-sample (Accept: application/vnd.apache.arrow.stream)")
ps = xc.score(URL, "binary", p, labels=y, per_sample=True, session=session)
ref = -(y * np.log(p) + (1 - y) * np.log1p(-p))
print("   aggregates:", ps.aggregates)
check("loss = -[y log p + (1-y) log(1-p)]", ps.loss, ref)
check("sum(loss) = aggregates.sum", ps.loss.sum(), ps.aggregates["sum"])
check("weight = 1", ps.weight, np.ones(n))
check("gradient = (p - y) / (p (1 - p)) / N  (reduction mean)", ps.gradient, (p - y) / (p * (1 - p)) / n, tol=1e-10)

ps = xc.score(URL, "categorical", logits, labels=labels, inputType="logits", reduction="sum",
              per_sample=True, session=session)
print(f"   categorical gradient shape {ps.gradient.shape}")
check("loss = -log softmax(z)[y]", ps.loss, -np.log(probs[np.arange(n), labels]), tol=1e-10)
check("gradient = softmax(z) - onehot (reduction sum)", ps.gradient, probs - onehot, tol=1e-9)

ps = xc.score(URL, "multilabel", P, labels=Y, per_sample=True, includeGradients=False, session=session)
check("multilabel, includeGradients=false: no gradient column", ps.gradient is None, True)
check("multilabel loss = mean over K", ps.loss, e.mean(axis=1))

# --- errors are problem details -----------------------------------------------------------
print("errors")
bad = p.copy()
bad[1234] = 1.5
try:
    xc.score(URL, "binary", bad, labels=y, session=session)
    check("a probability of 1.5 is refused", False, True)
except xc.XentError as err:
    print("  ", str(err).replace("\n", "\n   "))
    check("status 422", err.status, 422)
    check("pointer /predictions/1234", err.problem["errors"][0]["pointer"] == "/predictions/1234", True)
try:
    xc.score(URL, "binary", p, labels=y, label_smoothing=0.1, session=session)
    check("an unknown option is refused", False, True)
except xc.XentError as err:
    print("  ", str(err).replace("\n", "\n   "))
    check("status 400", err.status, 400)

print("all checks passed" if failures == 0 else f"{failures} check(s) FAILED")
sys.exit(1 if failures else 0)
