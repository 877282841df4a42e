#!/usr/bin/python3
"""Golden test vectors for the xent HTTP API (contract: API.md, version 1).

Run from the repository root with the Debian interpreter (python3-torch,
python3-sklearn, python3-numpy; mpmath comes with them):

    /usr/bin/python3 src/test/python/generate_golden.py

It writes src/test/resources/golden/{binary,multilabel,categorical}.json.
The output is deterministic: fixed seeds, float64 everywhere, one thread.

How the expected numbers are produced
-------------------------------------
* Every case is computed with the contract's formula written in float64
  torch ops (torch.clamp, torch.log, torch.log1p, F.logsigmoid,
  F.log_softmax, F.nll_loss); `gradients` come from torch.autograd.
* Each case is then asserted against the library that implements the same
  thing (torch.nn.functional.binary_cross_entropy, ..._with_logits,
  cross_entropy, nll_loss, sklearn.metrics.log_loss) wherever one applies,
  and against an independent 50-digit mpmath evaluation of the contract
  formulas with hand-derived gradients. The "reference" field of a case
  lists the checks that were asserted for it.
* Tolerance of every assertion: |actual - expected| <= 1e-12 * |expected|
  + TINY, where TINY = 1e-15 absorbs the last-bit absolute error of
  log(1 - p) and log-sum-exp near 0 (values that are ~1e-17 may be exactly 0
  in one computation and not in the other). Only such near-zero values ever
  need TINY; against mpmath every value also passes with TINY = 0.

Where the libraries and the contract differ, the contract wins:
* log(1 - p) is computed as log1p(-p) (torch/sklearn use log(1 - p), which
  has a relative error ~1e-16 / p for tiny p).
* F.binary_cross_entropy clamps log at -100 and its backward divides by
  max(p(1 - p), 1e-12); neither is in the contract, so its gradients are
  only compared where p(1 - p) >= 1e-12 and its losses where log p > -100.
* F.binary_cross_entropy_with_logits returns 0 instead of e.g.
  softplus(-40) = 4.25e-18; logsigmoid is accurate and is used instead.
* sklearn's log_loss renormalizes rows after clipping (the contract does
  not), so it is compared only where that changes nothing beyond TINY.
"""
import json
import math
import os
import re

import mpmath
import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
mpmath.mp.dps = 50

GENERATOR = "src/test/python/generate_golden.py"
OUT_DIR = os.path.join("src", "test", "resources", "golden")
EPS = float(np.finfo(np.float64).eps)
assert EPS == 2.220446049250313e-16
REL = 1e-12
TINY = 1e-15


# ---------------------------------------------------------------- helpers

def t(values):
    return torch.tensor(values, dtype=torch.float64)


def plain(tensor):
    """Nested Python floats, finite, with -0.0 written as 0.0."""
    values = tensor.detach().tolist()
    assert np.all(np.isfinite(np.asarray(values, dtype=float)))
    return _no_negative_zero(values)


def _no_negative_zero(v):
    if isinstance(v, list):
        return [_no_negative_zero(x) for x in v]
    return v + 0.0


def assert_close(actual, expected, what, mask=None):
    if expected is None or actual is None:
        assert actual is None and expected is None, f"{what}: {actual} vs {expected}"
        return
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    assert a.shape == e.shape, f"{what}: shape {a.shape} vs {e.shape}"
    bad = np.abs(a - e) > REL * np.abs(e) + TINY
    if mask is not None:
        bad &= np.asarray(mask, dtype=bool)
    assert not bad.any(), f"{what}: {a[bad][:5]} vs {e[bad][:5]}"


def rng(seed):
    return np.random.default_rng(seed)


def probs(r, *shape):
    return np.round(r.uniform(0.0005, 0.9995, shape), 6).tolist()


def logits(r, *shape, scale=3.0):
    return np.round(r.normal(0.0, scale, shape), 4).tolist()


def soft(r, *shape):
    return np.round(r.uniform(0.0, 1.0, shape), 3).tolist()


def hard(r, *shape):
    return r.integers(0, 2, shape).tolist()


def weights(r, *shape, low=0.0, high=3.0):
    return np.round(r.uniform(low, high, shape), 2).tolist()


def simplex_rows(r, n, c, alpha=2.0):
    """Probability rows rounded to 6 decimals; the last entry completes the sum."""
    rows = []
    while len(rows) < n:
        head = np.round(r.dirichlet([alpha] * c), 6)[:-1].tolist()
        last = 1.0 - math.fsum(head)
        if last > 1e-3:
            rows.append(head + [last])
    return rows


def finish(x, losses, weight_sum, count, reduction):
    """The response fields; gradients of the loss chosen by `reduction`."""
    total = losses.sum()
    ws = float(weight_sum)
    if reduction == "mean":
        objective = total / ws if ws != 0.0 else None
    else:
        objective = total
    grad = None
    if objective is not None:
        grad = torch.autograd.grad(objective, x, allow_unused=True)[0]
    if grad is None:
        grad = torch.zeros_like(x)
    return {
        "count": int(count),
        "weightSum": ws,
        "sum": float(total),
        "mean": float(total) / ws if ws != 0.0 else None,
        "losses": plain(losses),
        "gradients": plain(grad),
    }


def mp_finish(losses, grads_of_sum, weight_sum, count, reduction):
    total = mpmath.fsum(losses)
    ws = mpmath.mpf(weight_sum)
    if reduction == "mean":
        scale = 1 / ws if ws != 0 else mpmath.mpf(0)
    else:
        scale = mpmath.mpf(1)
    return {
        "count": count,
        "weightSum": float(ws),
        "sum": float(total),
        "mean": float(total / ws) if ws != 0 else None,
        "losses": [float(v) for v in losses],
        "gradients": [[float(g * scale) for g in row] for row in grads_of_sum],
    }


def assert_same_result(actual, expected, what):
    assert actual["count"] == expected["count"], what
    for key in ("weightSum", "sum", "mean", "losses", "gradients"):
        assert_close(actual[key], expected[key], f"{what} {key}")


# ------------------------------------------------------ request validation

COMMON = {"inputType", "predictions", "sampleWeights", "reduction", "epsilon",
          "includeLosses", "includeGradients"}
FIELDS = {
    "binary": COMMON | {"labels", "posWeight", "labelSmoothing"},
    "multilabel": COMMON | {"labels", "posWeight", "classWeights", "labelSmoothing"},
    "categorical": COMMON | {"labels", "targets", "classWeights", "ignoreIndex",
                             "labelSmoothing", "renormalize"},
}


def validate(endpoint, req):
    """Asserts that `req` is a valid request under the contract."""
    assert set(req) <= FIELDS[endpoint], set(req) - FIELDS[endpoint]
    kind = req.get("inputType", "probabilities")
    kinds = ["probabilities", "logits"] + (["log-probabilities"] if endpoint == "categorical" else [])
    assert kind in kinds
    assert req.get("reduction", "mean") in ("mean", "sum", "none")
    if "epsilon" in req:
        assert kind == "probabilities" and 0 <= req["epsilon"] < 0.5
    x = np.asarray(req["predictions"], dtype=float)
    assert np.all(np.isfinite(x)) and x.shape[0] >= 1
    n = x.shape[0]
    s = np.asarray(req.get("sampleWeights", [1.0] * n), dtype=float)
    assert s.shape == (n,) and np.all(s >= 0)
    if endpoint in ("binary", "multilabel"):
        assert x.ndim == (1 if endpoint == "binary" else 2)
        y = np.asarray(req["labels"], dtype=float)
        assert y.shape == x.shape and np.all((y >= 0) & (y <= 1))
        if kind == "probabilities":
            assert np.all((x >= 0) & (x <= 1))
        assert 0 <= req.get("labelSmoothing", 0) < 1
        pw = np.asarray(req.get("posWeight", 1.0), dtype=float)
        assert np.all(pw > 0) and (pw.ndim == 0 or (endpoint == "multilabel" and pw.shape == (x.shape[1],)))
        if "classWeights" in req:
            assert len(req["classWeights"]) == x.shape[1] and min(req["classWeights"]) >= 0
        return
    assert x.ndim == 2 and x.shape[1] >= 2
    c = x.shape[1]
    assert ("labels" in req) != ("targets" in req)
    if "labels" in req:
        for label in req["labels"]:
            assert isinstance(label, int) and (0 <= label < c or label == req.get("ignoreIndex"))
        assert len(req["labels"]) == n
    else:
        assert "ignoreIndex" not in req
        q = np.asarray(req["targets"], dtype=float)
        assert q.shape == x.shape and np.all(q >= 0) and np.all(np.abs(q.sum(1) - 1) <= 1e-6)
    assert 0 <= req.get("labelSmoothing", 0) <= 1
    if "classWeights" in req:
        assert len(req["classWeights"]) == c and min(req["classWeights"]) >= 0
    if "renormalize" in req:
        assert kind == "probabilities"
    if kind == "probabilities":
        assert np.all(x >= 0)
        if req.get("renormalize", False):
            assert np.all(x <= 1) and np.all(x.sum(1) > 0)
        else:
            assert np.all(x <= 1) and np.all(np.abs(x.sum(1) - 1) <= 1e-6)
    if kind == "log-probabilities":
        assert np.all(np.abs(np.exp(x).sum(1) - 1) <= 1e-6)


# ------------------------------------------------ binary and multilabel

def bce_contract(req, multilabel):
    """ℓ_i = s_i · mean_k c_k · e_ik, e = -(pw·y'·log p + (1 - y')·log(1 - p))."""
    x = t(req["predictions"]).requires_grad_()
    a = req.get("labelSmoothing", 0.0)
    y = t(req["labels"]) * (1 - a) + a / 2
    n = x.shape[0]
    s = t(req.get("sampleWeights", [1.0] * n))
    pw = t(req.get("posWeight", 1.0))
    if req.get("inputType", "probabilities") == "logits":
        log_p, log_1mp = F.logsigmoid(x), F.logsigmoid(-x)
    else:
        eps = req.get("epsilon", EPS)
        p = torch.clamp(x, eps, 1 - eps)
        log_p, log_1mp = torch.log(p), torch.log1p(-p)
    e = -(pw * y * log_p + (1 - y) * log_1mp)
    if multilabel:
        c = t(req.get("classWeights", [1.0] * x.shape[1]))
        per_sample = (c * e).mean(dim=1)
    else:
        per_sample = e
    losses = s * per_sample
    return finish(x, losses, s.sum(), n, req.get("reduction", "mean"))


def bce_library_checks(req, expected, multilabel):
    """Asserts expected against torch BCE / BCE-with-logits and sklearn."""
    done = []
    logit_input = req.get("inputType", "probabilities") == "logits"
    if not logit_input and "posWeight" in req:
        return done  # no library has pos_weight on probabilities
    x = t(req["predictions"]).requires_grad_()
    a = req.get("labelSmoothing", 0.0)
    y = t(req["labels"]) * (1 - a) + a / 2
    n = x.shape[0]
    s = t(req.get("sampleWeights", [1.0] * n))
    k = x.shape[1] if multilabel else 1
    c = t(req.get("classWeights", [1.0] * k)) if multilabel else None
    eps = req.get("epsilon", EPS)
    reduction = req.get("reduction", "mean")
    ws = float(s.sum())

    def elementwise(weight):
        if logit_input:
            pw = t(req["posWeight"]) if "posWeight" in req else None
            return F.binary_cross_entropy_with_logits(x, y, weight=weight, pos_weight=pw, reduction="none")
        return F.binary_cross_entropy(torch.clamp(x, eps, 1 - eps), y, weight=weight, reduction="none")

    name = ("torch.nn.functional.binary_cross_entropy_with_logits(weight, pos_weight)" if logit_input
            else "torch.clamp + torch.nn.functional.binary_cross_entropy(weight)")
    # Per-sample losses and gradients; torch's weight carries s_i (binary) or c_k (multilabel).
    losses = elementwise(c).mean(dim=1) * s if multilabel else elementwise(s)
    total = losses.sum()
    if reduction != "mean" or ws != 0.0:
        grad = torch.autograd.grad(total / ws if reduction == "mean" else total, x)[0]
        mask = None
        if not logit_input:
            p = np.clip(np.asarray(req["predictions"], dtype=float), eps, 1 - eps)
            mask = p * (1 - p) >= 1e-12  # BCE backward divides by max(p(1-p), 1e-12)
        assert_close(plain(grad), expected["gradients"], name + " gradients", mask)
    p = np.asarray(req["predictions"], dtype=float)
    in_log_range = True if logit_input else (np.minimum(p, 1 - p).min() > 1e-40 or eps > 1e-40)
    if in_log_range:  # F.binary_cross_entropy clamps log at -100
        assert_close(plain(losses), expected["losses"], name + " losses")
        done.append(name + " per sample")
    else:
        done.append(name + " gradients where p(1 - p) >= 1e-12")
    # Without sample weights the mean is torch's reduction='mean' over all N·K elements.
    if "sampleWeights" not in req and in_log_range:
        assert_close(float(elementwise(c).mean()), expected["mean"], name + " reduction=mean")
        done.append(name.split(" + ")[-1] + " reduction='mean'")
    # sklearn: binary, hard labels, no smoothing / pos weight.
    labels = np.asarray(req["labels"], dtype=float)
    if (not multilabel and not logit_input and a == 0 and ws != 0.0
            and np.all((labels == 0) | (labels == 1))):
        ref = log_loss(labels, p, eps=eps, labels=[0, 1], sample_weight=req.get("sampleWeights"))
        assert_close(ref, expected["mean"], "sklearn log_loss")
        done.append("sklearn.metrics.log_loss(eps, labels, sample_weight)")
    return done


def mp_bce(req, multilabel):
    """50-digit evaluation of the contract with hand-derived gradients."""
    mpf = mpmath.mpf
    x = [row if multilabel else [row] for row in req["predictions"]]
    labels = [row if multilabel else [row] for row in req["labels"]]
    n, k = len(x), len(x[0])
    a = mpf(req.get("labelSmoothing", 0.0))
    s = [mpf(v) for v in req.get("sampleWeights", [1.0] * n)]
    pw = req.get("posWeight", 1.0)
    pw = [mpf(v) for v in pw] if isinstance(pw, list) else [mpf(pw)] * k
    c = [mpf(v) for v in req.get("classWeights", [1.0] * k)]
    eps = req.get("epsilon", EPS)
    lo, hi = mpf(eps), mpf(1 - eps)  # the clip bounds as doubles, like the service
    logit_input = req.get("inputType", "probabilities") == "logits"
    losses, grads = [], []
    for i in range(n):
        total, grow = mpf(0), []
        for j in range(k):
            z, y = mpf(x[i][j]), mpf(labels[i][j]) * (1 - a) + a / 2
            if logit_input:
                e = pw[j] * y * mpmath.log1p(mpmath.exp(-z)) + (1 - y) * mpmath.log1p(mpmath.exp(z))
                de = -pw[j] * y / (1 + mpmath.exp(z)) + (1 - y) / (1 + mpmath.exp(-z))
            else:
                p = min(max(z, lo), hi)
                e = -(pw[j] * y * mpmath.log(p) + (1 - y) * mpmath.log(1 - p))
                de = (-pw[j] * y / p + (1 - y) / (1 - p)) if lo <= z <= hi else mpf(0)
            total += c[j] * e
            grow.append(s[i] * c[j] * de / k)
        losses.append(s[i] * total / k)
        grads.append(grow)
    result = mp_finish(losses, grads, mpmath.fsum(s), n, req.get("reduction", "mean"))
    if not multilabel:
        result["gradients"] = [row[0] for row in result["gradients"]]
    return result


# -------------------------------------------------------------- categorical

def categorical_log_p(x, req):
    kind = req.get("inputType", "probabilities")
    if kind == "logits":
        return F.log_softmax(x, dim=1)
    if kind == "log-probabilities":
        return x
    p = x / x.sum(dim=1, keepdim=True) if req.get("renormalize", False) else x
    eps = req.get("epsilon", EPS)
    return torch.log(torch.clamp(p, eps, 1 - eps))


def categorical_contract(req):
    x = t(req["predictions"]).requires_grad_()
    n, c = x.shape
    log_p = categorical_log_p(x, req)
    w = t(req.get("classWeights", [1.0] * c))
    s = t(req.get("sampleWeights", [1.0] * n))
    a = req.get("labelSmoothing", 0.0)
    if "labels" in req:
        labels = torch.tensor(req["labels"], dtype=torch.long)
        ignore = req.get("ignoreIndex", -100)
        kept = labels != ignore if "ignoreIndex" in req else torch.ones(n, dtype=torch.bool)
        nll = F.nll_loss(log_p, labels, weight=w, ignore_index=ignore, reduction="none")
        smooth = -(log_p * w).sum(dim=1)
        per_sample = torch.where(kept, (1 - a) * nll + (a / c) * smooth, torch.zeros(n))
        safe = torch.where(kept, labels, torch.zeros_like(labels))
        weight_sum = (s * w[safe] * kept).sum()
        count = int(kept.sum())
    else:
        q = t(req["targets"]) * (1 - a) + a / c
        per_sample = -(w * q * log_p).sum(dim=1)
        weight_sum, count = s.sum(), n
    return finish(x, s * per_sample, weight_sum, count, req.get("reduction", "mean"))


def categorical_library_checks(req, expected):
    done = []
    kind = req.get("inputType", "probabilities")
    x = t(req["predictions"]).requires_grad_()
    n, c = x.shape
    w = t(req["classWeights"]) if "classWeights" in req else None
    s = t(req.get("sampleWeights", [1.0] * n))
    a = req.get("labelSmoothing", 0.0)
    reduction = req.get("reduction", "mean")
    ws = expected["weightSum"]
    if "labels" in req:
        target = torch.tensor(req["labels"], dtype=torch.long)
    else:
        target = t(req["targets"])
    ignore = req.get("ignoreIndex", -100)
    # F.cross_entropy applies log_softmax itself: exact for logits; for log-probabilities
    # log_softmax(log p) = log p up to rounding since the rows are normalized.
    if kind in ("logits", "log-probabilities"):
        per = F.cross_entropy(x, target, weight=w, ignore_index=ignore, label_smoothing=a, reduction="none")
        losses = per * s
        assert_close(plain(losses), expected["losses"], "F.cross_entropy losses")
        total = losses.sum()
        name = "torch.nn.functional.cross_entropy(weight, ignore_index, label_smoothing)"
        if kind == "log-probabilities":
            name += " losses on the log-probabilities"  # its gradient treats them as logits
        elif reduction != "mean" or ws != 0.0:
            grad = torch.autograd.grad(total / ws if reduction == "mean" else total, x)[0]
            assert_close(plain(grad), expected["gradients"], "F.cross_entropy gradients")
        done.append(name + " per sample")
        if "sampleWeights" not in req and ws != 0.0:
            mean = F.cross_entropy(x, target, weight=w, ignore_index=ignore, label_smoothing=a)
            assert_close(float(mean), expected["mean"], "F.cross_entropy mean")
            done.append("torch.nn.functional.cross_entropy reduction='mean'")
    if kind == "probabilities":
        # Where the clipped rows still sum to 1, F.cross_entropy on log p reproduces the losses.
        log_p = categorical_log_p(x, req).detach()
        if float(torch.logsumexp(log_p, dim=1).abs().max()) <= 1e-15:
            per = F.cross_entropy(log_p, target, weight=w, ignore_index=ignore, label_smoothing=a, reduction="none")
            assert_close(plain(per * s), expected["losses"], "F.cross_entropy on log p losses")
            done.append("torch.nn.functional.cross_entropy(weight, ignore_index, label_smoothing) losses on "
                        "log(clamp(p))")
            if "sampleWeights" not in req and ws != 0.0:
                mean = F.cross_entropy(log_p, target, weight=w, ignore_index=ignore, label_smoothing=a)
                assert_close(float(mean), expected["mean"], "F.cross_entropy on log p mean")
                done.append("torch.nn.functional.cross_entropy reduction='mean' on log(clamp(p))")
    if kind == "probabilities" and "labels" in req and a == 0 and "sampleWeights" not in req and ws != 0.0:
        log_p = categorical_log_p(x, req)
        mean = F.nll_loss(log_p, target, weight=w, ignore_index=ignore)
        assert_close(float(mean), expected["mean"], "F.nll_loss mean")
        done.append("torch.nn.functional.nll_loss(weight, ignore_index) reduction='mean'")
    # sklearn: labels, no class weights, no smoothing; ignored rows dropped. It clips and then
    # renormalizes every row, so only rows summing to 1 (or renormalize=true) agree.
    x_np = np.asarray(req["predictions"], dtype=float)
    if kind == "probabilities" and "labels" in req and w is None and a == 0 and ws != 0.0:
        eps = req.get("epsilon", EPS)
        rows_ok = req.get("renormalize", False) or (
            np.all(np.abs(x_np.sum(1) - 1) <= 1e-15)
            and np.all(np.abs(np.clip(x_np, eps, 1 - eps) - x_np).sum(1) <= 1e-15))
        if rows_ok:
            keep = [i for i, label in enumerate(req["labels"]) if label != req.get("ignoreIndex")]
            ref = log_loss([req["labels"][i] for i in keep], x_np[keep], eps=eps,
                           labels=list(range(c)), sample_weight=[req.get("sampleWeights", [1.0] * n)[i] for i in keep])
            assert_close(ref, expected["mean"], "sklearn log_loss")
            done.append("sklearn.metrics.log_loss(eps, labels, sample_weight)")
    return done


def mp_categorical(req):
    mpf = mpmath.mpf
    kind = req.get("inputType", "probabilities")
    x = [[mpf(v) for v in row] for row in req["predictions"]]
    n, c = len(x), len(x[0])
    w = [mpf(v) for v in req.get("classWeights", [1.0] * c)]
    s = [mpf(v) for v in req.get("sampleWeights", [1.0] * n)]
    a = mpf(req.get("labelSmoothing", 0.0))
    eps = req.get("epsilon", EPS)
    lo, hi = mpf(eps), mpf(1 - eps)
    losses, grads, weight_sum, count = [], [], mpf(0), 0
    for i in range(n):
        if "labels" in req:
            label = req["labels"][i]
            if "ignoreIndex" in req and label == req["ignoreIndex"]:
                losses.append(mpf(0))
                grads.append([mpf(0)] * c)
                continue
            q = [(1 - a) * (1 if j == label else 0) + a / c for j in range(c)]
            weight_sum += s[i] * w[label]
        else:
            q = [(1 - a) * mpf(v) + a / c for v in req["targets"][i]]
            weight_sum += s[i]
        count += 1
        g = [-s[i] * w[j] * q[j] for j in range(c)]  # ∂ℓ_i/∂log p_ij
        if kind == "logits":
            lse = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in x[i]))
            log_p = [v - lse for v in x[i]]
            total_g = mpmath.fsum(g)
            grow = [g[j] - mpmath.exp(log_p[j]) * total_g for j in range(c)]
        elif kind == "log-probabilities":
            log_p, grow = x[i], g
        else:
            row_sum = mpmath.fsum(x[i]) if req.get("renormalize", False) else mpf(1)
            u = [v / row_sum for v in x[i]]
            p = [min(max(v, lo), hi) for v in u]
            log_p = [mpmath.log(v) for v in p]
            h = [g[j] / p[j] if lo <= u[j] <= hi else mpf(0) for j in range(c)]  # ∂ℓ/∂u
            if req.get("renormalize", False):
                hu = mpmath.fsum(h[j] * u[j] for j in range(c))
                grow = [(h[j] - hu) / row_sum for j in range(c)]
            else:
                grow = h
        losses.append(mpmath.fsum(g[j] * log_p[j] for j in range(c)))
        grads.append(grow)
    return mp_finish(losses, grads, weight_sum, count, req.get("reduction", "mean"))


# ------------------------------------------------------------------ cases

def binary_requests():
    E = EPS
    out = []

    def add(name, req):
        out.append((name, req))

    r = rng(101)
    add("probabilities-hard-labels-defaults", {"predictions": probs(r, 8), "labels": hard(r, 8)})
    r = rng(102)
    add("probabilities-hard-labels-sample-weights",
        {"predictions": probs(r, 10), "labels": hard(r, 10), "sampleWeights": weights(r, 10)})
    r = rng(103)
    add("probabilities-soft-labels", {"predictions": probs(r, 7), "labels": soft(r, 7)})
    r = rng(104)
    add("probabilities-soft-labels-sample-weights",
        {"predictions": probs(r, 9), "labels": soft(r, 9), "sampleWeights": weights(r, 9)})
    r = rng(105)
    add("probabilities-pos-weight", {"predictions": probs(r, 8), "labels": hard(r, 8), "posWeight": 2.5})
    r = rng(106)
    add("probabilities-pos-weight-below-one-soft-labels",
        {"predictions": probs(r, 6), "labels": soft(r, 6), "posWeight": 0.25})
    r = rng(107)
    add("probabilities-label-smoothing", {"predictions": probs(r, 8), "labels": hard(r, 8), "labelSmoothing": 0.1})
    r = rng(108)
    add("probabilities-label-smoothing-soft-labels-sample-weights",
        {"predictions": probs(r, 6), "labels": soft(r, 6), "sampleWeights": weights(r, 6), "labelSmoothing": 0.3})
    add("probabilities-custom-epsilon-1e-7",
        {"predictions": [1e-9, 1e-7, 1 - 1e-7, 1 - 1e-9, 0.5, 0.0, 1.0, 2e-7],
         "labels": [1, 1, 0, 0, 1, 0, 1, 1], "epsilon": 1e-7})
    add("probabilities-epsilon-0.1-clips-hard",
        {"predictions": [0.05, 0.1, 0.95, 0.9, 0.3, 0.0, 1.0, 0.92], "labels": [1, 1, 0, 0, 1, 0, 1, 1],
         "epsilon": 0.1})
    add("probabilities-epsilon-zero-interior",
        {"predictions": [1e-300, 0.9999999999999999, 0.3, 1e-10, 0.75], "labels": [1, 0, 1, 0, 0.4],
         "epsilon": 0.0})
    add("probabilities-exact-0-and-1-hard-labels",
        {"predictions": [0.0, 1.0, 0.0, 1.0, 0.3, 0.8], "labels": [0, 1, 1, 0, 1, 0]})
    add("probabilities-exact-0-and-1-soft-labels",
        {"predictions": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0], "labels": [0.2, 0.7, 0.0, 1.0, 0.5, 0.5],
         "reduction": "sum"})
    add("probabilities-json-integers",
        {"predictions": [0, 1, 0.25, 1, 0], "labels": [0, 1, 1, 0, 0]})
    add("probabilities-equal-to-default-epsilon",
        {"predictions": [E, 1 - E, E, 1 - E, E, 1 - E], "labels": [1, 0, 0, 1, 0.5, 0.5]})
    add("probabilities-equal-to-custom-epsilon",
        {"predictions": [1e-3, 1 - 1e-3, 1e-4, 0.9999, 0.5, 1e-3], "labels": [1, 0, 1, 0, 1, 0],
         "epsilon": 1e-3, "reduction": "sum"})
    r = rng(109)
    add("probabilities-reduction-sum", {"predictions": probs(r, 8), "labels": soft(r, 8), "reduction": "sum"})
    r = rng(110)
    add("probabilities-reduction-none",
        {"predictions": probs(r, 8), "labels": hard(r, 8), "sampleWeights": weights(r, 8), "reduction": "none"})
    r = rng(111)
    add("probabilities-some-sample-weights-zero",
        {"predictions": probs(r, 6), "labels": hard(r, 6), "sampleWeights": [0.0, 1.5, 0.0, 2.0, 0.5, 0.0]})
    r = rng(112)
    add("probabilities-all-sample-weights-zero",
        {"predictions": probs(r, 4), "labels": hard(r, 4), "sampleWeights": [0.0] * 4})
    r = rng(113)
    add("probabilities-all-sample-weights-zero-reduction-sum",
        {"predictions": probs(r, 4), "labels": soft(r, 4), "sampleWeights": [0.0] * 4, "reduction": "sum"})
    r = rng(114)
    add("probabilities-all-options",
        {"inputType": "probabilities", "predictions": probs(r, 8)[:6] + [0.0, 1.0], "labels": soft(r, 8),
         "sampleWeights": weights(r, 8), "posWeight": 1.7, "labelSmoothing": 0.2, "epsilon": 1e-6,
         "reduction": "sum", "includeLosses": True, "includeGradients": True})
    add("probabilities-single-sample", {"predictions": [0.7], "labels": [1]})
    r = rng(115)
    add("probabilities-twelve-samples-flags-false",
        {"predictions": probs(r, 12), "labels": hard(r, 12), "includeLosses": False, "includeGradients": False})
    r = rng(201)
    add("logits-hard-labels-defaults", {"inputType": "logits", "predictions": logits(r, 8), "labels": hard(r, 8)})
    r = rng(202)
    add("logits-soft-labels", {"inputType": "logits", "predictions": logits(r, 7), "labels": soft(r, 7)})
    r = rng(203)
    add("logits-sample-weights",
        {"inputType": "logits", "predictions": logits(r, 9), "labels": hard(r, 9), "sampleWeights": weights(r, 9)})
    r = rng(204)
    add("logits-pos-weight",
        {"inputType": "logits", "predictions": logits(r, 8), "labels": soft(r, 8), "posWeight": 3.0})
    r = rng(205)
    add("logits-label-smoothing",
        {"inputType": "logits", "predictions": logits(r, 8), "labels": hard(r, 8), "labelSmoothing": 0.15})
    extreme = [1e6, -1e6, 700.0, -700.0, 40.0, -40.0, 0.0, 1e6, -1e6, 700.0, -700.0, 40.0, -40.0, 0.0]
    add("logits-extreme-hard-labels",
        {"inputType": "logits", "predictions": extreme, "labels": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]})
    add("logits-extreme-soft-labels",
        {"inputType": "logits", "predictions": extreme[:12],
         "labels": [0.3, 0.7, 0.5, 0.5, 0.99, 0.01, 0.25, 1.0, 0.0, 0.0, 1.0, 0.6], "reduction": "sum"})
    add("logits-extreme-pos-weight-smoothing",
        {"inputType": "logits", "predictions": extreme, "labels": [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0],
         "posWeight": 0.5, "labelSmoothing": 0.05, "reduction": "none"})
    r = rng(206)
    add("logits-reduction-sum", {"inputType": "logits", "predictions": logits(r, 6), "labels": hard(r, 6),
                                 "reduction": "sum"})
    r = rng(207)
    add("logits-reduction-none", {"inputType": "logits", "predictions": logits(r, 6), "labels": soft(r, 6),
                                  "reduction": "none"})
    r = rng(208)
    add("logits-all-options",
        {"inputType": "logits", "predictions": logits(r, 10), "labels": soft(r, 10), "sampleWeights": weights(r, 10),
         "posWeight": 0.8, "labelSmoothing": 0.25, "reduction": "mean", "includeLosses": False})
    r = rng(209)
    add("logits-all-sample-weights-zero",
        {"inputType": "logits", "predictions": logits(r, 3), "labels": hard(r, 3), "sampleWeights": [0, 0, 0]})
    r = rng(210)
    add("logits-some-sample-weights-zero-large-scale",
        {"inputType": "logits", "predictions": logits(r, 8, scale=25.0), "labels": hard(r, 8),
         "sampleWeights": [1.0, 0.0, 2.0, 0.0, 0.5, 3.0, 0.0, 1.0], "includeGradients": False})
    return out


def multilabel_requests():
    E = EPS
    out = []

    def add(name, req):
        out.append((name, req))

    r = rng(301)
    add("probabilities-hard-labels-defaults", {"predictions": probs(r, 6, 3), "labels": hard(r, 6, 3)})
    r = rng(302)
    add("probabilities-soft-labels", {"predictions": probs(r, 5, 4), "labels": soft(r, 5, 4)})
    r = rng(303)
    add("probabilities-sample-weights",
        {"predictions": probs(r, 6, 2), "labels": hard(r, 6, 2), "sampleWeights": weights(r, 6)})
    r = rng(304)
    add("probabilities-class-weights",
        {"predictions": probs(r, 5, 4), "labels": hard(r, 5, 4), "classWeights": [0.5, 2.0, 1.0, 3.0]})
    r = rng(305)
    add("probabilities-class-weights-with-zeros",
        {"predictions": probs(r, 4, 3), "labels": soft(r, 4, 3), "classWeights": [0.0, 1.5, 0.0]})
    r = rng(306)
    add("probabilities-pos-weight-scalar", {"predictions": probs(r, 5, 3), "labels": hard(r, 5, 3), "posWeight": 2.0})
    r = rng(307)
    add("probabilities-pos-weight-array",
        {"predictions": probs(r, 5, 4), "labels": soft(r, 5, 4), "posWeight": [0.5, 1.0, 2.0, 4.0]})
    r = rng(308)
    add("probabilities-label-smoothing", {"predictions": probs(r, 6, 3), "labels": hard(r, 6, 3),
                                          "labelSmoothing": 0.1})
    add("probabilities-exact-0-and-1",
        {"predictions": [[0.0, 1.0, 0.5], [1.0, 0.0, 0.2], [0.0, 0.0, 1.0]],
         "labels": [[0, 1, 1], [0, 1, 0.3], [0.6, 0, 1]]})
    add("probabilities-equal-to-default-epsilon",
        {"predictions": [[E, 1 - E], [1 - E, E], [E, 0.5]], "labels": [[1, 0], [0.5, 0.5], [0, 1]]})
    add("probabilities-custom-epsilon",
        {"predictions": [[1e-5, 0.99999, 0.0], [1.0, 2e-5, 1e-6]], "labels": [[1, 0, 1], [0, 1, 0.5]],
         "epsilon": 1e-5, "reduction": "sum"})
    r = rng(309)
    add("probabilities-single-column",
        {"predictions": probs(r, 5, 1), "labels": hard(r, 5, 1)})
    add("probabilities-single-sample", {"predictions": [[0.2, 0.9, 0.6, 0.01, 0.5, 0.35]],
                                        "labels": [[0, 1, 1, 0, 1, 0]]})
    r = rng(310)
    add("probabilities-reduction-sum", {"predictions": probs(r, 4, 3), "labels": soft(r, 4, 3), "reduction": "sum"})
    r = rng(311)
    add("probabilities-reduction-none",
        {"predictions": probs(r, 4, 5), "labels": hard(r, 4, 5), "classWeights": [1, 2, 0, 1, 0.5],
         "reduction": "none"})
    r = rng(312)
    add("probabilities-all-sample-weights-zero",
        {"predictions": probs(r, 3, 3), "labels": hard(r, 3, 3), "sampleWeights": [0.0, 0.0, 0.0]})
    r = rng(313)
    add("probabilities-some-sample-weights-zero",
        {"predictions": probs(r, 5, 2), "labels": soft(r, 5, 2), "sampleWeights": [0.0, 2.0, 0.0, 1.0, 0.25]})
    r = rng(314)
    pred = probs(r, 6, 4)
    pred[0][1], pred[3][2], pred[5][0] = 0.0, 1.0, 1e-7
    add("probabilities-all-options",
        {"inputType": "probabilities", "predictions": pred, "labels": soft(r, 6, 4), "sampleWeights": weights(r, 6),
         "posWeight": [1.5, 0.5, 2.0, 1.0], "classWeights": [1.0, 0.0, 2.5, 0.75], "labelSmoothing": 0.2,
         "epsilon": 1e-6, "reduction": "mean", "includeLosses": True, "includeGradients": True})
    r = rng(315)
    add("probabilities-flags-false",
        {"predictions": probs(r, 4, 3), "labels": hard(r, 4, 3), "includeLosses": False, "includeGradients": False})
    r = rng(401)
    add("logits-hard-labels-defaults", {"inputType": "logits", "predictions": logits(r, 6, 3),
                                        "labels": hard(r, 6, 3)})
    r = rng(402)
    add("logits-soft-labels", {"inputType": "logits", "predictions": logits(r, 5, 4), "labels": soft(r, 5, 4)})
    r = rng(403)
    add("logits-sample-weights", {"inputType": "logits", "predictions": logits(r, 7, 2), "labels": hard(r, 7, 2),
                                  "sampleWeights": weights(r, 7)})
    r = rng(404)
    add("logits-class-weights", {"inputType": "logits", "predictions": logits(r, 5, 3), "labels": soft(r, 5, 3),
                                 "classWeights": [2.0, 0.0, 0.5]})
    r = rng(405)
    add("logits-pos-weight-scalar", {"inputType": "logits", "predictions": logits(r, 5, 3), "labels": hard(r, 5, 3),
                                     "posWeight": 0.3})
    r = rng(406)
    add("logits-pos-weight-array", {"inputType": "logits", "predictions": logits(r, 4, 5), "labels": hard(r, 4, 5),
                                    "posWeight": [1.0, 2.0, 3.0, 0.5, 10.0]})
    r = rng(407)
    add("logits-label-smoothing", {"inputType": "logits", "predictions": logits(r, 5, 3), "labels": soft(r, 5, 3),
                                   "labelSmoothing": 0.4})
    add("logits-extreme",
        {"inputType": "logits",
         "predictions": [[1e6, -1e6, 700.0, -700.0], [40.0, -40.0, 0.0, 1e6], [-1e6, 700.0, -700.0, 40.0]],
         "labels": [[1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 1, 0]], "reduction": "sum"})
    add("logits-extreme-soft-pos-weight-class-weights",
        {"inputType": "logits",
         "predictions": [[1e6, -1e6, 700.0, -700.0], [40.0, -40.0, 0.0, 1e6], [-1e6, 700.0, -700.0, 40.0]],
         "labels": [[0.9, 0.1, 0.5, 0.5], [1, 0, 0.2, 1], [0, 1, 1, 0]], "posWeight": [2.0, 0.5, 1.0, 3.0],
         "classWeights": [1.0, 2.0, 0.0, 0.5], "labelSmoothing": 0.1})
    r = rng(408)
    add("logits-single-column", {"inputType": "logits", "predictions": logits(r, 6, 1), "labels": soft(r, 6, 1),
                                 "posWeight": [2.0]})
    r = rng(409)
    add("logits-reduction-sum", {"inputType": "logits", "predictions": logits(r, 4, 3), "labels": hard(r, 4, 3),
                                 "reduction": "sum"})
    r = rng(410)
    add("logits-reduction-none", {"inputType": "logits", "predictions": logits(r, 4, 3), "labels": soft(r, 4, 3),
                                  "sampleWeights": weights(r, 4), "reduction": "none"})
    r = rng(411)
    add("logits-all-sample-weights-zero-reduction-none",
        {"inputType": "logits", "predictions": logits(r, 3, 2), "labels": hard(r, 3, 2), "sampleWeights": [0, 0, 0],
         "reduction": "none"})
    r = rng(412)
    add("logits-all-options",
        {"inputType": "logits", "predictions": logits(r, 8, 6), "labels": soft(r, 8, 6), "sampleWeights": weights(r, 8),
         "posWeight": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0], "classWeights": [1.0, 0.5, 0.0, 2.0, 1.0, 1.25],
         "labelSmoothing": 0.05, "reduction": "sum"})
    r = rng(413)
    add("logits-all-options-mean",
        {"inputType": "logits", "predictions": logits(r, 6, 4), "labels": hard(r, 6, 4), "sampleWeights": weights(r, 6),
         "posWeight": 1.25, "classWeights": [0.25, 1.0, 2.0, 1.0], "labelSmoothing": 0.3})
    return out


def categorical_requests():
    out = []

    def add(name, req):
        out.append((name, req))

    def labels(r, n, c):
        return r.integers(0, c, n).tolist()

    def log_softmax_rows(rows):
        return F.log_softmax(t(rows), dim=1).tolist()

    r = rng(501)
    add("probabilities-labels-defaults", {"predictions": simplex_rows(r, 8, 3), "labels": labels(r, 8, 3)})
    r = rng(502)
    add("probabilities-labels-sample-weights",
        {"predictions": simplex_rows(r, 8, 4), "labels": labels(r, 8, 4), "sampleWeights": weights(r, 8)})
    r = rng(503)
    add("probabilities-labels-class-weights",
        {"predictions": simplex_rows(r, 7, 3), "labels": labels(r, 7, 3), "classWeights": [0.5, 2.0, 1.25]})
    r = rng(504)
    add("probabilities-labels-class-and-sample-weights",
        {"predictions": simplex_rows(r, 6, 4), "labels": labels(r, 6, 4), "classWeights": [1.0, 0.0, 3.0, 0.5],
         "sampleWeights": weights(r, 6)})
    r = rng(505)
    lab = labels(r, 8, 3)
    lab[1], lab[4] = -100, -100
    add("probabilities-labels-ignore-index-minus-100",
        {"predictions": simplex_rows(r, 8, 3), "labels": lab, "ignoreIndex": -100})
    r = rng(506)
    lab = [2, 0, 1, 2, 1, 2, 0]
    add("probabilities-labels-ignore-index-is-a-valid-class",
        {"predictions": simplex_rows(r, 7, 3), "labels": lab, "ignoreIndex": 2, "sampleWeights": weights(r, 7)})
    r = rng(507)
    add("probabilities-labels-label-smoothing",
        {"predictions": simplex_rows(r, 6, 4), "labels": labels(r, 6, 4), "labelSmoothing": 0.1})
    r = rng(508)
    add("probabilities-labels-label-smoothing-one",
        {"predictions": simplex_rows(r, 5, 3), "labels": labels(r, 5, 3), "labelSmoothing": 1.0,
         "classWeights": [1.0, 2.0, 0.5]})
    r = rng(509)
    lab = labels(r, 6, 4)
    add("probabilities-targets-one-hot",
        {"predictions": simplex_rows(r, 6, 4), "targets": [[1.0 if j == y else 0.0 for j in range(4)] for y in lab]})
    r = rng(510)
    add("probabilities-targets-soft", {"predictions": simplex_rows(r, 6, 3), "targets": simplex_rows(r, 6, 3)})
    r = rng(511)
    add("probabilities-targets-soft-weights-smoothing",
        {"predictions": simplex_rows(r, 6, 5), "targets": simplex_rows(r, 6, 5, alpha=0.5),
         "classWeights": [1.0, 0.5, 2.0, 0.0, 1.5], "sampleWeights": weights(r, 6), "labelSmoothing": 0.2})
    r = rng(512)
    add("probabilities-renormalize-labels",
        {"predictions": np.round(r.uniform(0.05, 1.0, (6, 4)), 4).tolist(), "labels": labels(r, 6, 4),
         "renormalize": True})
    r = rng(513)
    rows = np.round(r.uniform(0.05, 1.0, (5, 3)), 4).tolist()
    rows[1] = [0.0, 0.4, 0.4]
    rows[3] = [0.2, 0.5, 0.3]
    add("probabilities-renormalize-targets-with-zero-entry",
        {"predictions": rows, "targets": simplex_rows(r, 5, 3), "renormalize": True, "sampleWeights": weights(r, 5)})
    add("probabilities-exact-zero-and-one-entries",
        {"predictions": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [0.0, 0.0, 1.0], [0, 1, 0]],
         "labels": [0, 2, 1, 2, 1]})
    add("probabilities-exact-zero-and-one-entries-targets",
        {"predictions": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.25, 0.75, 0.0]],
         "targets": [[0.5, 0.5, 0.0], [0.0, 1.0, 0.0], [0.2, 0.8, 0.0]], "reduction": "sum"})
    add("probabilities-custom-epsilon",
        {"predictions": [[0.9999, 1e-4, 0.0], [1e-3, 0.499, 0.5], [0.2, 0.3, 0.5]], "labels": [0, 0, 2],
         "epsilon": 1e-3})
    r = rng(514)
    rows = simplex_rows(r, 4, 3)
    rows[0][0] += 5e-7
    rows[2][1] -= 8e-7
    add("probabilities-rows-off-by-less-than-1e-6",
        {"predictions": rows, "labels": labels(r, 4, 3)})
    r = rng(515)
    add("probabilities-labels-reduction-sum",
        {"predictions": simplex_rows(r, 6, 3), "labels": labels(r, 6, 3), "reduction": "sum"})
    r = rng(516)
    add("probabilities-targets-reduction-none",
        {"predictions": simplex_rows(r, 5, 4), "targets": simplex_rows(r, 5, 4), "reduction": "none"})
    r = rng(517)
    lab = labels(r, 8, 4)
    lab[2] = -1
    add("probabilities-all-options",
        {"inputType": "probabilities", "predictions": np.round(r.uniform(0.01, 1.0, (8, 4)), 5).tolist(),
         "labels": lab, "ignoreIndex": -1, "classWeights": [1.0, 2.0, 0.5, 1.5], "sampleWeights": weights(r, 8),
         "labelSmoothing": 0.15, "renormalize": True, "epsilon": 1e-9, "reduction": "mean",
         "includeLosses": True, "includeGradients": True})
    r = rng(601)
    add("logits-labels-defaults", {"inputType": "logits", "predictions": logits(r, 8, 4), "labels": labels(r, 8, 4)})
    r = rng(602)
    add("logits-labels-class-weights",
        {"inputType": "logits", "predictions": logits(r, 8, 3), "labels": labels(r, 8, 3),
         "classWeights": [0.2, 1.0, 3.0]})
    r = rng(603)
    lab = labels(r, 8, 5)
    lab[0], lab[5] = -100, -100
    add("logits-labels-ignore-index",
        {"inputType": "logits", "predictions": logits(r, 8, 5), "labels": lab, "ignoreIndex": -100})
    r = rng(604)
    lab = labels(r, 9, 4)
    lab[3], lab[7] = 99, 99
    add("logits-labels-smoothing-class-weights-ignore-index",
        {"inputType": "logits", "predictions": logits(r, 9, 4), "labels": lab, "ignoreIndex": 99,
         "classWeights": [1.0, 0.5, 2.0, 0.0], "labelSmoothing": 0.2})
    r = rng(605)
    add("logits-labels-smoothing-one",
        {"inputType": "logits", "predictions": logits(r, 5, 3), "labels": labels(r, 5, 3), "labelSmoothing": 1.0})
    r = rng(606)
    add("logits-labels-sample-weights",
        {"inputType": "logits", "predictions": logits(r, 7, 3), "labels": labels(r, 7, 3),
         "sampleWeights": weights(r, 7)})
    r = rng(607)
    add("logits-targets-soft",
        {"inputType": "logits", "predictions": logits(r, 6, 4), "targets": simplex_rows(r, 6, 4)})
    r = rng(608)
    add("logits-targets-soft-class-weights-smoothing",
        {"inputType": "logits", "predictions": logits(r, 6, 4), "targets": simplex_rows(r, 6, 4, alpha=0.7),
         "classWeights": [2.0, 1.0, 0.0, 0.5], "labelSmoothing": 0.1})
    add("logits-magnitude-1e6",
        {"inputType": "logits",
         "predictions": [[1e6, -1e6, 0.0], [-1e6, 1e6, 999999.5], [1e6, 1e6, -1e6], [-1e6, -1e6, -1e6]],
         "labels": [0, 2, 2, 1], "reduction": "sum"})
    add("logits-magnitude-1e6-targets",
        {"inputType": "logits", "predictions": [[1e6, -1e6, 0.0], [-1e6, 1e6, 999999.5]],
         "targets": [[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]], "labelSmoothing": 0.01})
    r = rng(609)
    base = logits(r, 6, 4)
    shift = [1e5, -1e5, 1e5, -1e5, 0.0, 1e5]
    add("logits-rows-shifted-by-1e5",
        {"inputType": "logits", "predictions": [[v + d for v in row] for row, d in zip(base, shift)],
         "labels": labels(r, 6, 4), "classWeights": [1.0, 2.0, 0.5, 1.0]})
    r = rng(610)
    lab = labels(r, 8, 6)
    lab[4] = -100
    add("logits-all-options",
        {"inputType": "logits", "predictions": logits(r, 8, 6), "labels": lab, "ignoreIndex": -100,
         "classWeights": [1.0, 0.5, 2.0, 1.5, 0.0, 1.0], "sampleWeights": weights(r, 8), "labelSmoothing": 0.3,
         "reduction": "sum"})
    r = rng(611)
    add("logits-targets-all-options",
        {"inputType": "logits", "predictions": logits(r, 6, 3), "targets": simplex_rows(r, 6, 3),
         "classWeights": [0.5, 1.5, 1.0], "sampleWeights": weights(r, 6), "labelSmoothing": 0.05,
         "reduction": "none", "includeGradients": False})
    r = rng(612)
    add("logits-all-ignored",
        {"inputType": "logits", "predictions": logits(r, 3, 3), "labels": [-100, -100, -100], "ignoreIndex": -100})
    r = rng(613)
    add("logits-weight-sum-zero-but-smoothing-loss",
        {"inputType": "logits", "predictions": logits(r, 4, 3), "labels": [0, 0, 0, 0],
         "classWeights": [0.0, 1.0, 2.0], "labelSmoothing": 0.2})
    r = rng(614)
    add("logits-weight-sum-zero-reduction-sum",
        {"inputType": "logits", "predictions": logits(r, 4, 3), "labels": [1, 0, 2, 1],
         "sampleWeights": [0.0, 0.0, 0.0, 0.0], "labelSmoothing": 0.1, "reduction": "sum"})
    r = rng(615)
    add("logits-some-sample-weights-zero",
        {"inputType": "logits", "predictions": logits(r, 6, 3), "labels": labels(r, 6, 3),
         "sampleWeights": [0.0, 1.0, 0.0, 2.5, 0.0, 1.0], "includeLosses": False})
    r = rng(701)
    add("log-probabilities-labels",
        {"inputType": "log-probabilities", "predictions": log_softmax_rows(logits(r, 6, 4)),
         "labels": labels(r, 6, 4)})
    r = rng(702)
    add("log-probabilities-targets-weights",
        {"inputType": "log-probabilities", "predictions": log_softmax_rows(logits(r, 6, 3)),
         "targets": simplex_rows(r, 6, 3), "classWeights": [1.0, 0.25, 2.0], "sampleWeights": weights(r, 6)})
    r = rng(703)
    lab = labels(r, 7, 5)
    lab[6] = 3
    add("log-probabilities-all-options",
        {"inputType": "log-probabilities", "predictions": log_softmax_rows(logits(r, 7, 5)), "labels": lab,
         "ignoreIndex": 3, "classWeights": [1.0, 2.0, 0.5, 1.0, 1.5], "sampleWeights": weights(r, 7),
         "labelSmoothing": 0.25, "reduction": "none"})
    r = rng(801)
    z, lab = logits(r, 5, 3), labels(r, 5, 3)
    add("same-logits-as-logits", {"inputType": "logits", "predictions": z, "labels": lab, "classWeights": [1, 2, 0.5],
                                  "labelSmoothing": 0.1})
    add("same-logits-as-probabilities", {"predictions": F.softmax(t(z), dim=1).tolist(), "labels": lab,
                                         "classWeights": [1, 2, 0.5], "labelSmoothing": 0.1})
    add("same-logits-as-log-probabilities", {"inputType": "log-probabilities", "predictions": log_softmax_rows(z),
                                             "labels": lab, "classWeights": [1, 2, 0.5], "labelSmoothing": 0.1})
    r = rng(802)
    p, y = probs(r, 6), hard(r, 6)
    add("two-classes-probabilities-match-binary",
        {"predictions": [[1.0 - v, v] for v in p], "labels": y, "sampleWeights": weights(r, 6)})
    r = rng(803)
    z2, y2 = logits(r, 6), hard(r, 6)
    add("two-classes-logits-match-binary",
        {"inputType": "logits", "predictions": [[0.0, v] for v in z2], "labels": y2, "reduction": "sum"})
    return out, {"binary-probabilities": (p, y), "binary-logits": (z2, y2)}


# ----------------------------------------------------- extra cross-checks

def cross_check_categorical(cases, binary_inputs):
    """Checks between categorical cases that must agree with each other or with binary."""
    by_name = {case["name"]: case for case in cases}
    # Logits vs softmax probabilities vs log_softmax log-probabilities: same losses; the
    # logits gradient is the vector-Jacobian product of the other two gradients.
    z = t(by_name["same-logits-as-logits"]["request"]["predictions"])
    expected = by_name["same-logits-as-logits"]["expected"]
    for name, fn in (("same-logits-as-probabilities", lambda v: F.softmax(v, dim=1)),
                     ("same-logits-as-log-probabilities", lambda v: F.log_softmax(v, dim=1))):
        other = by_name[name]["expected"]
        assert_close(other["losses"], expected["losses"], name + " losses")
        assert_close(other["mean"], expected["mean"], name + " mean")
        _, vjp = torch.autograd.functional.vjp(fn, z, t(other["gradients"]))
        assert_close(plain(vjp), expected["gradients"], name + " gradients via vjp")
    # One-hot targets give the same per-sample losses as index labels.
    case = by_name["probabilities-targets-one-hot"]
    req = dict(case["request"])
    req["labels"] = [row.index(1.0) for row in req.pop("targets")]
    assert_same_result(categorical_contract(req), case["expected"], "one-hot targets vs labels")
    # C = 2 agrees with the binary endpoint.
    p, y = binary_inputs["binary-probabilities"]
    case = by_name["two-classes-probabilities-match-binary"]
    binary = bce_contract({"predictions": p, "labels": y, "sampleWeights": case["request"]["sampleWeights"]}, False)
    assert_close(binary["losses"], case["expected"]["losses"], "C=2 probabilities vs binary losses")
    assert_close(binary["mean"], case["expected"]["mean"], "C=2 probabilities vs binary mean")
    assert_close(binary["gradients"], [g1 - g0 for g0, g1 in case["expected"]["gradients"]],
                 "C=2 probabilities vs binary gradients")
    z2, y2 = binary_inputs["binary-logits"]
    case = by_name["two-classes-logits-match-binary"]
    binary = bce_contract({"inputType": "logits", "predictions": z2, "labels": y2, "reduction": "sum"}, False)
    assert_close(binary["losses"], case["expected"]["losses"], "C=2 logits vs binary losses")
    assert_close(binary["gradients"], [g[1] for g in case["expected"]["gradients"]], "C=2 logits vs binary gradients")
    for name in ("same-logits-as-logits", "same-logits-as-probabilities", "same-logits-as-log-probabilities",
                 "probabilities-targets-one-hot", "two-classes-probabilities-match-binary",
                 "two-classes-logits-match-binary"):
        by_name[name]["reference"] += "; " + {
            "same-logits-as-logits": "agrees with same-logits-as-probabilities/-log-probabilities",
            "same-logits-as-probabilities": "losses equal same-logits-as-logits, gradient maps to it through softmax",
            "same-logits-as-log-probabilities": "losses equal same-logits-as-logits, gradient maps to it through log_softmax",
            "probabilities-targets-one-hot": "equals the same request with index labels",
            "two-classes-probabilities-match-binary": "equals binary probabilities on column 1 (gradient = g1 - g0)",
            "two-classes-logits-match-binary": "equals binary logits z = column 1 (gradient = column 1)",
        }[name]


def cross_check_multilabel(cases):
    """A single-column multilabel case equals the binary endpoint."""
    for case in cases:
        req = case["request"]
        if len(req["predictions"][0]) != 1 or "classWeights" in req:
            continue
        flat = dict(req)
        flat["predictions"] = [row[0] for row in req["predictions"]]
        flat["labels"] = [row[0] for row in req["labels"]]
        if isinstance(flat.get("posWeight"), list):
            flat["posWeight"] = flat["posWeight"][0]
        binary = bce_contract(flat, False)
        binary["gradients"] = [[g] for g in binary["gradients"]]
        assert_same_result(binary, case["expected"], case["name"] + " vs binary")
        case["reference"] += "; equals the binary endpoint on the single column"


# ------------------------------------------------------------------- main

MP_NOTE = "mpmath 50-digit evaluation with analytic gradients"


def build(endpoint, requests):
    cases = []
    for name, req in requests:
        validate(endpoint, req)
        if endpoint == "categorical":
            expected = categorical_contract(req)
            checks = categorical_library_checks(req, expected)
            assert_same_result(expected, mp_categorical(req), name + " mpmath")
            kind = req.get("inputType", "probabilities")
            how = {"logits": "F.log_softmax", "log-probabilities": "log p as given",
                   "probabilities": "torch.log(torch.clamp(p, eps, 1 - eps))"
                   + (" after p = row / row.sum()" if req.get("renormalize") else "")}[kind]
            computed = f"contract formula in torch ({how}, F.nll_loss(weight, ignore_index) + label smoothing term" \
                if "labels" in req else f"contract formula in torch ({how}, soft targets"
            computed += ", sample weights), autograd gradients"
        else:
            multilabel = endpoint == "multilabel"
            expected = bce_contract(req, multilabel)
            checks = bce_library_checks(req, expected, multilabel)
            assert_same_result(expected, mp_bce(req, multilabel), name + " mpmath")
            how = ("F.logsigmoid(z), F.logsigmoid(-z)" if req.get("inputType") == "logits"
                   else "torch.log / torch.log1p of torch.clamp(p, eps, 1 - eps)")
            computed = f"contract formula in torch ({how}), autograd gradients"
        reference = computed + "; asserted equal (rel 1e-12) to: " + ", ".join(checks + [MP_NOTE])
        cases.append({"name": name, "reference": reference, "request": req, "expected": expected})
    names = [case["name"] for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9.]+)*", name) for name in names)
    return cases


def dump(endpoint, cases):
    doc = {"generator": GENERATOR, "torch": torch.__version__, "sklearn": sklearn.__version__, "cases": cases}
    text = json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False)
    # One line per innermost list of numbers, for readable diffs.
    text = re.sub(r"\[\n\s*([^\[\]{}\"]*?)\n\s*\]",
                  lambda m: "[" + ", ".join(v.strip() for v in m.group(1).split(",")) + "]", text)
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, endpoint + ".json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text + "\n")
    print(f"{path}: {len(cases)} cases, {len(text) + 1} bytes")


def main():
    binary = build("binary", binary_requests())
    multilabel = build("multilabel", multilabel_requests())
    cross_check_multilabel(multilabel)
    categorical_reqs, binary_inputs = categorical_requests()
    categorical = build("categorical", categorical_reqs)
    cross_check_categorical(categorical, binary_inputs)
    dump("binary", binary)
    dump("multilabel", multilabel)
    dump("categorical", categorical)


if __name__ == "__main__":
    main()
