#!/usr/bin/python3
"""Reference vectors for focal losses and evaluation summaries (API.md, version 1.1).

Run from the repository root with the Debian interpreter (apt-get install
python3-torch python3-torchvision python3-sklearn python3-numpy):

    /usr/bin/python3 scripts/reference/generate.py

It writes, deterministically (fixed seeds, float64 everywhere, one thread):

src/test/resources/reference/focal.json
    A list of cases {name, endpoint, request, expected[, note, equalsEndpoint]}.
    endpoint is "focal/binary", "focal/multilabel" or "focal/categorical";
    request is the JSON body exactly as POST /v1/<endpoint> takes it; expected
    holds count, weightSum, sum, mean, losses (per sample, weights applied) and
    gradients (of the loss chosen by `reduction`). Losses are the contract's
    formulas written in torch (torchvision's sigmoid_focal_loss for binary and
    multilabel, -sum_c alpha_c q'_c (1 - p_c)^gamma log p_c for categorical)
    with the `compat` preset's clipping; gradients come from torch.autograd.
    Cases with gamma = 0 and no alpha carry `equalsEndpoint`: the same request
    without `gamma` must give the same answer on that cross-entropy endpoint.
    A name ending in "-limit" has a point where 1 - p_t (or 1 - p_c) is 0 and
    autograd of x**gamma is not finite (gamma < 1); there the gradient of the term
    is the contract's limit, 0.

src/test/resources/reference/summaries.json
    A list of cases {name, endpoint, request, expected[, note]} for the three
    cross-entropy endpoints with `summaries`; expected holds count, weightSum,
    sum, mean, losses and summaries (stderr, accuracy, calibration, worst,
    groups, divergence, perplexity in the contract's shapes). Gradients are not
    repeated here (see src/test/resources/golden/). Accuracy comes from
    sklearn.metrics.accuracy_score / top_k_accuracy_score, Brier from
    brier_score_loss, unweighted KL from F.kl_div(reduction='batchmean'),
    the rest from numpy / math.fsum, where the libraries follow the contract
    (see "Conventions" below).

Conventions where the libraries differ from the contract (the contract wins):
* log(1 - p) is log1p(-p) under every preset; Debian's torch 1.13
  F.binary_cross_entropy computes log(1 - p) (PyTorch 2.x uses log1p), so
  torch-preset losses are compared with it only where that cannot matter.
* For logits, 1 - p_t is y'(1 - p) + (1 - y')p with 1 - p = sigmoid(-z);
  torchvision forms 1 - (p y' + (1 - p)(1 - y')) and BCE-with-logits as
  log(1 + exp(.)), which round to 0 for |z| >= 37 and make its gradient NaN
  for gamma < 1. Those differ only by < 1e-15 absolute from the values here.
* Where 1 - p_t (1 - p_c) is 0 the term's gradient is 0 for every gamma
  (autograd: NaN for 0 < gamma < 1), as the contract defines it.
* sklearn's top_k_accuracy_score breaks ties toward the higher class index;
  the contract ranks ties to the lower index, so topK is computed per the
  contract with numpy and compared with sklearn only where no tie matters.
* scikit-learn 1.2 has no scale_by_half and no multiclass Brier; categorical
  Brier is sum_c brier_score_loss(one_hot_c, p_c) (= mean sum_c (p_c - q_c)^2,
  scale_by_half=False), or numpy for soft labels/targets.

Readings of the contract used here:
* ci95 is null whenever stderr is null; a group's `accuracy` has the same
  shape as the top-level one (exactMatch, topK included); `mce` takes the bins
  with weight > 0 (no calibration case has a zero-weight sample, so a bin
  holding only zero-weight samples never occurs).
* `cross` (and m2 when the losses are equal) is a difference of nearly equal
  sums: its value is rounding noise of order 1e-16 * sum|l_i| W_i, so compare
  it with an absolute tolerance of that size, not a relative one.

Every focal case is also checked against torchvision's sigmoid_focal_loss
(or its formula with p given) and, away from clip points, against finite
differences (torch.autograd.gradcheck); gamma = 0 cases against the
cross-entropy formula and F.cross_entropy. Tolerance: 1e-12 relative + 1e-15.
"""
import json
import math
import os

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.metrics import accuracy_score, brier_score_loss, top_k_accuracy_score
from torchvision.ops import sigmoid_focal_loss

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

OUT_DIR = os.path.join("src", "test", "resources", "reference")
EPS = float(np.finfo(np.float64).eps)        # 2.220446049250313e-16
KERAS_EPS = 1e-7
DELTA = float(np.float32(1e-12))             # 9.999999960041972e-13
Z95 = 1.959963984540054
REL, TINY = 1e-12, 1e-15
assert EPS == 2.220446049250313e-16 and DELTA == 9.999999960041972e-13


# ------------------------------------------------------------------ helpers

def t(values):
    return torch.tensor(values, dtype=torch.float64)


def plain(tensor):
    """Nested Python floats, all finite, -0.0 written as 0.0."""
    values = tensor.detach().tolist() if torch.is_tensor(tensor) else tensor
    assert np.all(np.isfinite(np.asarray(values, dtype=float))), values
    fix = lambda v: [fix(x) for x in v] if isinstance(v, list) else v + 0.0
    return fix(values)


def close(actual, expected, what, mask=None):
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    bad = ~(np.abs(a - e) <= REL * np.abs(e) + TINY)
    if mask is not None:
        bad &= np.asarray(mask, dtype=bool)
    assert not bad.any(), f"{what}: {a[bad][:4]} vs {e[bad][:4]}"


def ratio(num, den):
    return None if den == 0 else num / den


R = np.random.default_rng


def probs(r, *shape):
    return np.round(r.uniform(0.0005, 0.9995, shape), 6).tolist()


def logits(r, *shape, scale=3.0):
    return np.round(r.normal(0.0, scale, shape), 4).tolist()


def hard(r, *shape):
    return r.integers(0, 2, shape).tolist()


def soft(r, *shape):
    return np.round(r.uniform(0.0, 1.0, shape), 3).tolist()


def weights(r, n, low=0.0, high=3.0):
    return np.round(r.uniform(low, high, n), 2).tolist()


def simplex(r, n, c):
    """Probability rows of 6 decimals; the last entry completes the sum."""
    rows = []
    while len(rows) < n:
        head = np.round(r.dirichlet([2.0] * c), 6)[:-1].tolist()
        if 1.0 - math.fsum(head) > 1e-3:
            rows.append(head + [1.0 - math.fsum(head)])
    return rows


def log_rows(r, n, c):
    return F.log_softmax(t(logits(r, n, c)), dim=1).tolist()


# ------------------------------------------- the contract's terms, in torch

def power(base, gamma, limit=True):
    """base**gamma; with limit, its gradient is 0 where base == 0 (the contract)."""
    if gamma == 0:
        return torch.ones_like(base)
    if not limit:
        return base ** gamma
    pos = base > 0
    return torch.where(pos, torch.where(pos, base, torch.ones_like(base)) ** gamma, torch.zeros_like(base))


def clamped_log(u):
    """max(log u, -100), gradient 0 where the max takes -100 (also at u = 0)."""
    pos = u > 0
    lg = torch.log(torch.where(pos, u, torch.ones_like(u)))
    return torch.where(pos & (lg >= -100), lg, torch.full_like(u, -100.0))


class TorchBCE(torch.autograd.Function):
    """PyTorch binary_cross_entropy: logs clamped at -100, log(1 - p) as log1p(-p),
    backward (p - y)/max(p(1 - p), 1e-12 as float32) whether or not a clamp acts."""

    @staticmethod
    def forward(ctx, p, y):
        ctx.save_for_backward(p, y)
        return -(y * torch.clamp(torch.log(p), min=-100) + (1 - y) * torch.clamp(torch.log1p(-p), min=-100))

    @staticmethod
    def backward(ctx, grad):
        p, y = ctx.saved_tensors
        return grad * (p - y) / torch.clamp((1 - p) * p, min=DELTA), None


def bernoulli(req, x):
    """y', bce, (log p, log(1-p)) as the loss uses them, and the unclipped p, 1 - p."""
    a = req.get("labelSmoothing", 0.0)
    y = t(req["labels"]) * (1 - a) + a / 2
    pw = t(req.get("posWeight", 1.0))
    compat = req.get("compat", "sklearn")
    if req.get("inputType", "probabilities") == "logits":
        logs, p, q = (F.logsigmoid(x), F.logsigmoid(-x)), torch.sigmoid(x), torch.sigmoid(-x)
    elif compat == "torch":
        assert "posWeight" not in req
        logs = (clamped_log(x), clamped_log(1 - x))
        return y, TorchBCE.apply(x, y), logs, x, 1 - x
    else:
        lo = KERAS_EPS if compat == "keras" else req.get("epsilon", EPS)
        c = torch.clamp(x, lo, 1 - lo)
        logs, p, q = (torch.log(c), torch.log1p(-c)), x, 1 - x
    return y, -(pw * y * logs[0] + (1 - y) * logs[1]), logs, p, q


def categorical(req, x):
    """log p as the loss uses it, 1 - p for the focal factor, and the unclipped p."""
    kind, compat = req.get("inputType", "probabilities"), req.get("compat", "sklearn")
    if kind == "logits":
        lp = F.log_softmax(x, dim=1)
        return lp, -torch.expm1(lp), torch.exp(lp)
    if kind == "log-probabilities":
        return x, -torch.expm1(x), torch.exp(x)
    u = x / x.sum(dim=1, keepdim=True) if compat == "keras" or req.get("renormalize", False) else x
    if compat == "keras":
        c = torch.clamp(u, KERAS_EPS, 1 - KERAS_EPS)
        return torch.log(c), 1 - c, u
    if compat == "torch":
        return clamped_log(u), 1 - u, u
    eps = req.get("epsilon", EPS)
    return torch.log(torch.clamp(u, eps, 1 - eps)), 1 - u, u


def targets(req, c):
    """Raw q (one-hot or targets), smoothed q', kept mask, label per row (-1 if ignored)."""
    a = req.get("labelSmoothing", 0.0)
    if "targets" in req:
        q = t(req["targets"])
        return q, (1 - a) * q + a / c, torch.ones(len(q), dtype=torch.bool)
    labels = torch.tensor(req["labels"])
    kept = labels != req["ignoreIndex"] if "ignoreIndex" in req else torch.ones(len(labels), dtype=torch.bool)
    q = F.one_hot(torch.where(kept, labels, 0), c).to(torch.float64) * kept[:, None]
    return q, ((1 - a) * q + a / c) * kept[:, None], kept


def losses_of(endpoint, req, x, limit=True):
    """Per-sample losses (weights applied), W_i (share of weightSum), kept mask."""
    n = x.shape[0]
    s = t(req.get("sampleWeights", [1.0] * n))
    focal = endpoint.startswith("focal/")
    gamma = req.get("gamma", 2.0) if focal else 0.0
    if endpoint.endswith("binary") or endpoint.endswith("multilabel"):
        y, e, _, p, q = bernoulli(req, x)
        if "alpha" in req:
            e = (req["alpha"] * y + (1 - req["alpha"]) * (1 - y)) * e
        e = power(y * q + (1 - y) * p, gamma, limit) * e          # 1 - p_t
        if endpoint.endswith("multilabel"):
            e = (t(req.get("classWeights", [1.0] * x.shape[1])) * e).mean(dim=1)
        return s * e, s, torch.ones(n, dtype=torch.bool)
    c = x.shape[1]
    log_p, one_minus_p, _ = categorical(req, x)
    _, qs, kept = targets(req, c)
    w = t(req.get("classWeights", [1.0] * c))
    alpha = t(req["alpha"]) if "alpha" in req else torch.ones(c)
    per = -(w * alpha * qs * power(one_minus_p, gamma, limit) * log_p).sum(dim=1)
    per = torch.where(kept, per, torch.zeros(n))
    if "labels" in req and not focal:
        share = s * w[torch.where(kept, torch.tensor(req["labels"]), 0)] * kept
    else:
        share = s * kept
    return s * per, share, kept


def compute(endpoint, req, limit=True):
    x = t(req["predictions"]).requires_grad_()
    losses, share, kept = losses_of(endpoint, req, x, limit)
    total, ws = losses.sum(), float(share.sum())
    objective = total if req.get("reduction", "mean") != "mean" else (total / ws if ws else None)
    grad = torch.autograd.grad(objective, x, allow_unused=True)[0] if objective is not None else None
    grad = torch.zeros_like(x) if grad is None else grad
    return {"count": int(kept.sum()), "weightSum": ws, "sum": float(total),
            "mean": float(total) / ws if ws else None,
            "losses": losses.detach().tolist(), "gradients": grad.tolist()}, share.tolist(), kept.tolist()


# ---------------------------------------------------------- request checks

COMMON = {"inputType", "predictions", "sampleWeights", "reduction", "epsilon", "compat",
          "includeLosses", "includeGradients"}
CE_FIELDS = {"binary": COMMON | {"labels", "posWeight", "labelSmoothing"},
             "multilabel": COMMON | {"labels", "posWeight", "classWeights", "labelSmoothing"},
             "categorical": COMMON | {"labels", "targets", "classWeights", "ignoreIndex", "labelSmoothing",
                                      "renormalize"}}
SUMMARY_FIELDS = {"summaries", "topK", "calibrationBins", "worstK", "indexOffset", "groups"}


def validate(endpoint, req):
    family, kind = endpoint.split("/")
    allowed = CE_FIELDS[kind] | (SUMMARY_FIELDS if "summaries" in req else set())
    if family == "focal":
        allowed = (allowed - {"posWeight", "classWeights"}) | {"gamma", "alpha"}
        assert req.get("gamma", 2) >= 0
    assert set(req) <= allowed, set(req) - allowed
    if "summaries" in req:
        names = set(req["summaries"])
        assert names <= {"stderr", "accuracy", "calibration", "worst", "groups", "divergence", "perplexity"}
        assert "groups" not in names or "groups" in req
        for option, summary in (("topK", "accuracy"), ("calibrationBins", "calibration"), ("worstK", "worst"),
                                ("indexOffset", "worst")):
            assert option not in req or summary in names, option
        assert "topK" not in req or (kind == "categorical" and req["topK"] < len(req["predictions"][0]))
        assert "divergence" not in names or not {"classWeights", "posWeight", "alpha"} & set(req)
        assert "perplexity" not in names or family == "cross-entropy"
    assert not ("compat" in req and "epsilon" in req)
    assert not (req.get("compat") == "keras" and "renormalize" in req)
    assert not (req.get("compat") == "torch" and "posWeight" in req and req.get("inputType") != "logits")
    x = np.asarray(req["predictions"], dtype=float)
    assert np.all(np.isfinite(x)) and x.ndim == (1 if kind == "binary" else 2)
    if req.get("inputType", "probabilities") == "probabilities":
        assert np.all((x >= 0) & (x <= 1))
        if kind == "categorical" and req.get("compat") != "keras" and not req.get("renormalize"):
            assert np.all(np.abs(x.sum(1) - 1) <= 1e-6)
    if req.get("inputType") == "log-probabilities":
        assert np.all(np.abs(np.exp(x).sum(1) - 1) <= 1e-6)
    if kind == "categorical":
        assert ("labels" in req) != ("targets" in req)
        if "labels" in req:
            assert all(isinstance(v, int) and (0 <= v < x.shape[1] or v == req.get("ignoreIndex"))
                       for v in req["labels"])
        if "alpha" in req and isinstance(req["alpha"], list):
            assert len(req["alpha"]) == x.shape[1]
    else:
        assert np.asarray(req["labels"]).shape == x.shape and 0 <= req.get("alpha", 0) <= 1


# ---------------------------------------------------------- focal checks

def focal_library_checks(endpoint, req, expected):
    """torchvision's sigmoid_focal_loss (logits) or its formula with p given."""
    if endpoint == "focal/categorical":
        return
    x = t(req["predictions"]).requires_grad_()
    a = req.get("labelSmoothing", 0.0)
    y = t(req["labels"]) * (1 - a) + a / 2
    gamma, alpha, compat = req.get("gamma", 2.0), req.get("alpha", -1), req.get("compat", "sklearn")
    loss_mask = None
    if req.get("inputType") == "logits":
        e = sigmoid_focal_loss(x, y, alpha=alpha, gamma=gamma, reduction="none")
    else:
        lo = {"sklearn": req.get("epsilon", EPS), "keras": KERAS_EPS, "torch": 0.0}[compat]
        ce = F.binary_cross_entropy(torch.clamp(x, lo, 1 - lo), y, reduction="none")
        p_t = x * y + (1 - x) * (1 - y)
        e = ce * (1 - p_t) ** gamma
        if alpha >= 0:
            e = (alpha * y + (1 - alpha) * (1 - y)) * e
        if compat == "torch":  # torch 1.13 takes log(1 - p), not log1p(-p): compare where it agrees
            loss_mask = (x.detach() >= 1e-3) | (y == 1)
            if x.dim() == 2:
                loss_mask = loss_mask.all(dim=1)
    s = t(req.get("sampleWeights", [1.0] * x.shape[0]))
    losses = s * (e.mean(dim=1) if x.dim() == 2 else e)
    close(losses.tolist(), expected["losses"], "torchvision focal losses", loss_mask)
    ws = expected["weightSum"]
    if req.get("reduction", "mean") != "mean" or ws:
        g = torch.autograd.grad(losses.sum() / (ws if req.get("reduction", "mean") == "mean" else 1), x)[0]
        mask = torch.isfinite(g)
        if req.get("inputType") != "logits" and compat != "torch":  # F.bce backward divides by max(c(1-c), 1e-12)
            c = torch.clamp(x.detach(), lo, 1 - lo)
            mask &= c * (1 - c) >= 1e-12
        close(g.tolist(), expected["gradients"], "torchvision focal gradients", mask)


def focal_case(name, endpoint, req, edge=False):
    validate(endpoint, req)
    expected, _, _ = compute(endpoint, req)
    naive, _, _ = compute(endpoint, req, limit=False)
    case = {"name": name, "endpoint": endpoint, "request": req}
    if not np.all(np.isfinite(np.asarray(naive["gradients"], dtype=float))):
        case["name"] += "-limit"
        case["note"] = ("autograd of (1 - p_t)**gamma is not finite where 1 - p_t = 0; the gradient of that term is "
                        "the contract's limit, 0")
    focal_library_checks(endpoint, req, expected)
    if not edge:  # finite differences agree with autograd away from clip points and limits
        x = t(req["predictions"]).requires_grad_()
        assert torch.autograd.gradcheck(lambda v: losses_of(endpoint, req, v)[0], (x,), eps=1e-7, atol=1e-6)
    if req.get("gamma", 2.0) == 0 and "alpha" not in req:
        kind = endpoint.split("/")[1]
        ce_req = {k: v for k, v in req.items() if k != "gamma"}
        ce, _, _ = compute("cross-entropy/" + kind, ce_req)
        for key in ("count", "weightSum", "sum", "losses", "gradients"):
            close(ce[key], expected[key], name + " vs cross-entropy " + key)
        if kind == "categorical" and "labels" in req and req.get("inputType") in ("logits", "log-probabilities"):
            per = F.cross_entropy(t(req["predictions"]), torch.tensor(req["labels"]),
                                  ignore_index=req.get("ignoreIndex", -100),
                                  label_smoothing=req.get("labelSmoothing", 0.0), reduction="none")
            close((per * t(req.get("sampleWeights", [1.0] * len(per)))).tolist(), expected["losses"],
                  "F.cross_entropy")
        case["equalsEndpoint"] = "cross-entropy/" + kind
        case["note"] = (case.get("note", "") + "; " if "note" in case else "") + (
            "gamma = 0 without alpha: must equal POST /v1/cross-entropy/%s with this request minus `gamma`, "
            "bit for bit" % kind)
    expected["losses"], expected["gradients"] = plain(expected["losses"]), plain(expected["gradients"])
    case["expected"] = expected
    return case


# ---------------------------------------------------------------- focal cases

EDGE_P = [0.0, 1.0, 1e-300, 0.0, 1.0, 1e-300, 0.5, 0.9999999999999999]
EDGE_Y = [0, 1, 1, 1, 0, 0, 1, 1]
EDGE_Z = [50.0, -50.0, 1e4, -1e4, 50.0, -50.0, 1e4, -1e4, 0.0]
EDGE_ZY = [1, 0, 1, 0, 0, 1, 0, 1, 1]


def focal_binary_cases():
    B, out = "focal/binary", []
    add = lambda name, req, edge=False: out.append(focal_case("binary-" + name, B, req, edge))
    r = R(1001)
    add("probabilities-gamma-default", {"predictions": probs(r, 8), "labels": hard(r, 8)})
    r = R(1002)
    add("probabilities-gamma-0", {"predictions": probs(r, 6), "labels": hard(r, 6), "gamma": 0})
    r = R(1003)
    add("probabilities-gamma-0.5-alpha-0.25-weights",
        {"predictions": probs(r, 10), "labels": hard(r, 10), "sampleWeights": weights(r, 10),
         "gamma": 0.5, "alpha": 0.25})
    r = R(1004)
    add("probabilities-gamma-1-alpha-0.75-soft-labels-sum",
        {"predictions": probs(r, 7), "labels": soft(r, 7), "gamma": 1, "alpha": 0.75, "reduction": "sum"})
    r = R(1005)
    add("probabilities-gamma-5-smoothing",
        {"predictions": probs(r, 9), "labels": hard(r, 9), "gamma": 5, "labelSmoothing": 0.1})
    r = R(1006)
    add("probabilities-alpha-0-and-weights-sum",
        {"predictions": probs(r, 5), "labels": hard(r, 5), "sampleWeights": weights(r, 5), "alpha": 0.0,
         "gamma": 2, "reduction": "sum"})
    r = R(1007)
    add("probabilities-alpha-1-soft", {"predictions": probs(r, 6), "labels": soft(r, 6), "alpha": 1.0, "gamma": 1})
    for compat in ("sklearn", "keras", "torch"):
        for gamma in (0, 0.5, 2):
            req = {"predictions": EDGE_P, "labels": EDGE_Y, "gamma": gamma, "compat": compat}
            if gamma == 2:
                req["alpha"] = 0.25
                req["reduction"] = "sum"
            add(f"probabilities-edges-{compat}-gamma-{gamma}", req, edge=True)
    add("probabilities-edges-soft-labels-smoothing-torch",
        {"predictions": EDGE_P, "labels": [0.3, 0.8, 0.5, 1, 0, 0.2, 0.5, 0.9], "labelSmoothing": 0.2,
         "gamma": 1, "compat": "torch"}, edge=True)
    add("probabilities-edges-soft-labels-keras-gamma-5",
        {"predictions": EDGE_P, "labels": [0.3, 0.8, 0.5, 1, 0, 0.2, 0.5, 0.9], "gamma": 5, "alpha": 0.4,
         "compat": "keras", "reduction": "sum"}, edge=True)
    r = R(1008)
    add("probabilities-keras-gamma-2-alpha-0.25-smoothing-weights",
        {"predictions": probs(r, 8), "labels": hard(r, 8), "sampleWeights": weights(r, 8), "gamma": 2,
         "alpha": 0.25, "labelSmoothing": 0.2, "compat": "keras"})
    r = R(1009)
    add("probabilities-torch-gamma-1-soft", {"predictions": probs(r, 7), "labels": soft(r, 7), "gamma": 1,
                                              "compat": "torch"})
    add("probabilities-custom-epsilon", {"predictions": [1e-9, 0.2, 1 - 1e-9, 0.0, 0.999], "labels": [1, 0, 0, 0, 1],
                                         "epsilon": 1e-6, "gamma": 2}, edge=True)
    r = R(1010)
    add("probabilities-all-weights-zero", {"predictions": probs(r, 4), "labels": hard(r, 4),
                                           "sampleWeights": [0.0] * 4, "gamma": 2})
    add("probabilities-single-sample", {"predictions": [0.3], "labels": [1], "gamma": 2, "alpha": 0.25})
    r = R(1011)
    add("probabilities-20-samples-reduction-none",
        {"predictions": probs(r, 20), "labels": hard(r, 20), "sampleWeights": weights(r, 20), "gamma": 0.5,
         "reduction": "none"})
    r = R(1012)
    add("logits-torchvision-defaults", {"inputType": "logits", "predictions": logits(r, 12), "labels": hard(r, 12),
                                        "gamma": 2, "alpha": 0.25})
    r = R(1013)
    add("logits-gamma-0", {"inputType": "logits", "predictions": logits(r, 5), "labels": soft(r, 5), "gamma": 0})
    r = R(1014)
    add("logits-gamma-0.5-soft-weights-sum",
        {"inputType": "logits", "predictions": logits(r, 9), "labels": soft(r, 9), "sampleWeights": weights(r, 9),
         "gamma": 0.5, "reduction": "sum"})
    r = R(1015)
    add("logits-gamma-5-smoothing-alpha-0.6",
        {"inputType": "logits", "predictions": logits(r, 8), "labels": hard(r, 8), "gamma": 5,
         "labelSmoothing": 0.05, "alpha": 0.6})
    r = R(1016)
    add("logits-gamma-1-compat-keras-unchanged",
        {"inputType": "logits", "predictions": logits(r, 6), "labels": hard(r, 6), "gamma": 1, "compat": "keras"})
    for gamma in (0, 0.5, 1, 2, 5):
        req = {"inputType": "logits", "predictions": EDGE_Z, "labels": EDGE_ZY, "gamma": gamma}
        if gamma in (2, 5):
            req["alpha"] = 0.25
        if gamma == 1:
            req["reduction"] = "sum"
        add(f"logits-edges-50-1e4-gamma-{gamma}", req, edge=True)
    add("logits-edges-soft-labels-gamma-0.5",
        {"inputType": "logits", "predictions": EDGE_Z, "labels": [0.5, 0.25, 0.9, 0.1, 1, 0, 0.75, 0.6, 0.5],
         "gamma": 0.5, "labelSmoothing": 0.1}, edge=True)
    return out


def focal_multilabel_cases():
    M, out = "focal/multilabel", []
    add = lambda name, req, edge=False: out.append(focal_case("multilabel-" + name, M, req, edge))
    r = R(2001)
    add("probabilities-k3-gamma-default", {"predictions": probs(r, 6, 3), "labels": hard(r, 6, 3)})
    r = R(2002)
    add("probabilities-k2-gamma-0", {"predictions": probs(r, 5, 2), "labels": hard(r, 5, 2), "gamma": 0})
    r = R(2003)
    add("probabilities-k4-gamma-0.5-alpha-weights-sum",
        {"predictions": probs(r, 7, 4), "labels": soft(r, 7, 4), "sampleWeights": weights(r, 7),
         "gamma": 0.5, "alpha": 0.25, "reduction": "sum"})
    r = R(2004)
    add("probabilities-k5-gamma-5-smoothing", {"predictions": probs(r, 4, 5), "labels": hard(r, 4, 5),
                                               "gamma": 5, "labelSmoothing": 0.3})
    edges = [EDGE_P[:4], EDGE_P[4:]]
    edge_labels = [EDGE_Y[:4], EDGE_Y[4:]]
    add("probabilities-edges-sklearn-gamma-0.5", {"predictions": edges, "labels": edge_labels, "gamma": 0.5},
        edge=True)
    add("probabilities-edges-keras-gamma-2-alpha",
        {"predictions": edges, "labels": edge_labels, "gamma": 2, "alpha": 0.25, "compat": "keras"}, edge=True)
    add("probabilities-edges-torch-gamma-1", {"predictions": edges, "labels": edge_labels, "gamma": 1,
                                              "compat": "torch", "reduction": "sum"}, edge=True)
    add("probabilities-edges-torch-gamma-0", {"predictions": edges, "labels": edge_labels, "gamma": 0,
                                              "compat": "torch"}, edge=True)
    r = R(2005)
    add("probabilities-k3-keras-gamma-1-weights",
        {"predictions": probs(r, 5, 3), "labels": hard(r, 5, 3), "sampleWeights": weights(r, 5), "gamma": 1,
         "compat": "keras"})
    r = R(2006)
    add("logits-k3-torchvision-defaults", {"inputType": "logits", "predictions": logits(r, 8, 3),
                                           "labels": hard(r, 8, 3), "gamma": 2, "alpha": 0.25})
    r = R(2007)
    add("logits-k2-gamma-0-weights", {"inputType": "logits", "predictions": logits(r, 6, 2), "labels": soft(r, 6, 2),
                                      "sampleWeights": weights(r, 6), "gamma": 0})
    r = R(2008)
    add("logits-k4-gamma-1-smoothing-sum",
        {"inputType": "logits", "predictions": logits(r, 5, 4), "labels": hard(r, 5, 4), "gamma": 1,
         "labelSmoothing": 0.1, "reduction": "sum"})
    add("logits-edges-gamma-0.5", {"inputType": "logits", "predictions": [EDGE_Z[:3], EDGE_Z[3:6], EDGE_Z[6:]],
                                   "labels": [EDGE_ZY[:3], EDGE_ZY[3:6], EDGE_ZY[6:]], "gamma": 0.5}, edge=True)
    add("logits-edges-gamma-2-alpha-torch", {"inputType": "logits", "predictions": [EDGE_Z[:3], EDGE_Z[3:6],
                                                                                    EDGE_Z[6:]],
                                             "labels": [EDGE_ZY[:3], EDGE_ZY[3:6], EDGE_ZY[6:]], "gamma": 2,
                                             "alpha": 0.75, "compat": "torch"}, edge=True)
    add("logits-single-sample-k5", {"inputType": "logits", "predictions": [[0.5, -1.25, 3.0, 0.0, -7.5]],
                                    "labels": [[1, 0, 1, 1, 0]], "gamma": 2})
    r = R(2009)
    add("logits-20x2-weights-zero-some", {"inputType": "logits", "predictions": logits(r, 20, 2),
                                          "labels": hard(r, 20, 2),
                                          "sampleWeights": [0.0, 1.0] * 10, "gamma": 1, "alpha": 0.5})
    return out


EDGE_ROWS = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1e-300, 0.5, 0.5], [0.25, 0.75, 0.0], [1.0, 0.0, 0.0],
             [0.2, 0.3, 0.5]]
EDGE_LABELS = [0, 0, 0, 2, 1, 1]


def focal_categorical_cases():
    C, out = "focal/categorical", []
    add = lambda name, req, edge=False: out.append(focal_case("categorical-" + name, C, req, edge))
    r = R(3001)
    add("probabilities-labels-c3-gamma-default", {"predictions": simplex(r, 6, 3), "labels": r.integers(0, 3, 6).tolist()})
    r = R(3002)
    add("probabilities-labels-c4-gamma-0", {"predictions": simplex(r, 5, 4), "labels": r.integers(0, 4, 5).tolist(),
                                            "gamma": 0})
    r = R(3003)
    add("probabilities-labels-c5-gamma-0.5-alpha-scalar-weights",
        {"predictions": simplex(r, 8, 5), "labels": r.integers(0, 5, 8).tolist(), "sampleWeights": weights(r, 8),
         "gamma": 0.5, "alpha": 0.25})
    r = R(3004)
    add("probabilities-labels-c3-gamma-1-alpha-per-class-zero-sum",
        {"predictions": simplex(r, 7, 3), "labels": r.integers(0, 3, 7).tolist(), "gamma": 1,
         "alpha": [0.25, 0.0, 1.5], "reduction": "sum"})
    r = R(3005)
    add("probabilities-labels-c4-gamma-5-smoothing", {"predictions": simplex(r, 6, 4),
                                                      "labels": r.integers(0, 4, 6).tolist(), "gamma": 5,
                                                      "labelSmoothing": 0.1})
    r = R(3006)
    add("probabilities-labels-ignore-index-weights",
        {"predictions": simplex(r, 8, 3), "labels": [0, -100, 2, 1, -100, 1, 0, 2], "ignoreIndex": -100,
         "sampleWeights": weights(r, 8), "gamma": 2, "alpha": [1.0, 0.5, 0.0]})
    r = R(3007)
    add("probabilities-labels-all-ignored", {"predictions": simplex(r, 3, 2), "labels": [7, 7, 7], "ignoreIndex": 7,
                                             "gamma": 2})
    r = R(3008)
    add("probabilities-targets-c3-gamma-2", {"predictions": simplex(r, 6, 3), "targets": simplex(r, 6, 3),
                                             "gamma": 2})
    r = R(3009)
    add("probabilities-targets-c4-gamma-0-smoothing-weights",
        {"predictions": simplex(r, 5, 4), "targets": simplex(r, 5, 4), "labelSmoothing": 0.2,
         "sampleWeights": weights(r, 5), "gamma": 0})
    r = R(3010)
    add("probabilities-renormalize-gamma-2", {"predictions": np.round(r.uniform(0.01, 1, (5, 3)), 4).tolist(),
                                              "labels": r.integers(0, 3, 5).tolist(), "renormalize": True,
                                              "gamma": 2})
    r = R(3011)
    add("probabilities-keras-unnormalized-rows-gamma-2-alpha",
        {"predictions": np.round(r.uniform(0.01, 1, (6, 4)), 4).tolist(), "labels": r.integers(0, 4, 6).tolist(),
         "gamma": 2, "alpha": 0.25, "compat": "keras"})
    r = R(3012)
    add("probabilities-keras-targets-gamma-1-smoothing",
        {"predictions": simplex(r, 5, 3), "targets": simplex(r, 5, 3), "gamma": 1, "labelSmoothing": 0.1,
         "compat": "keras", "reduction": "sum"})
    r = R(3013)
    add("probabilities-torch-gamma-0.5", {"predictions": simplex(r, 6, 3), "labels": r.integers(0, 3, 6).tolist(),
                                          "gamma": 0.5, "compat": "torch"})
    for compat in ("sklearn", "keras", "torch"):
        for gamma in (0, 0.5, 2):
            req = {"predictions": EDGE_ROWS, "labels": EDGE_LABELS, "gamma": gamma, "compat": compat}
            if gamma == 2:
                req["alpha"] = [0.5, 1.0, 3.0]
                req["reduction"] = "sum"
            add(f"probabilities-edges-{compat}-gamma-{gamma}", req, edge=True)
    add("probabilities-edges-targets-smoothing-sklearn-gamma-1",
        {"predictions": EDGE_ROWS, "targets": [[1, 0, 0], [0.5, 0.5, 0], [0, 0, 1], [0.2, 0.3, 0.5], [0, 1, 0],
                                               [0.1, 0.1, 0.8]],
         "labelSmoothing": 0.3, "gamma": 1}, edge=True)
    add("probabilities-edges-custom-epsilon-gamma-2", {"predictions": EDGE_ROWS, "labels": EDGE_LABELS,
                                                       "epsilon": 1e-3, "gamma": 2, "alpha": 0.5}, edge=True)
    r = R(3014)
    add("logits-labels-c5-gamma-2-alpha", {"inputType": "logits", "predictions": logits(r, 10, 5),
                                           "labels": r.integers(0, 5, 10).tolist(), "gamma": 2, "alpha": 0.25})
    r = R(3015)
    add("logits-labels-c2-gamma-0-smoothing-ignore",
        {"inputType": "logits", "predictions": logits(r, 6, 2), "labels": [1, 0, -1, 1, 1, 0], "ignoreIndex": -1,
         "labelSmoothing": 0.15, "gamma": 0})
    r = R(3016)
    add("logits-targets-c4-gamma-1-weights-sum",
        {"inputType": "logits", "predictions": logits(r, 7, 4), "targets": simplex(r, 7, 4),
         "sampleWeights": weights(r, 7), "gamma": 1, "reduction": "sum"})
    r = R(3017)
    add("logits-labels-c3-gamma-5-alpha-per-class", {"inputType": "logits", "predictions": logits(r, 20, 3),
                                                     "labels": r.integers(0, 3, 20).tolist(), "gamma": 5,
                                                     "alpha": [0.0, 2.0, 0.5], "compat": "torch"})
    edge_z = [[50.0, -50.0, 0.0], [1e4, -1e4, 0.0], [-1e4, 1e4, 1e4], [50.0, 50.0, -50.0], [1e4, -1e4, 0.0]]
    for gamma in (0, 0.5, 1, 2):
        add(f"logits-edges-50-1e4-gamma-{gamma}", {"inputType": "logits", "predictions": edge_z,
                                                   "labels": [0, 0, 1, 2, 1], "gamma": gamma}, edge=True)
    r = R(3018)
    add("log-probabilities-labels-c3-gamma-2", {"inputType": "log-probabilities", "predictions": log_rows(r, 6, 3),
                                                "labels": r.integers(0, 3, 6).tolist(), "gamma": 2})
    r = R(3019)
    add("log-probabilities-targets-c5-gamma-0-weights",
        {"inputType": "log-probabilities", "predictions": log_rows(r, 4, 5), "targets": simplex(r, 4, 5),
         "sampleWeights": weights(r, 4), "gamma": 0, "reduction": "sum"})
    r = R(3020)
    add("log-probabilities-c4-gamma-0.5-smoothing-alpha", {"inputType": "log-probabilities",
                                                           "predictions": log_rows(r, 5, 4),
                                                           "labels": r.integers(0, 4, 5).tolist(), "gamma": 0.5,
                                                           "labelSmoothing": 0.25, "alpha": 0.5})
    add("log-probabilities-edges-gamma-0.5", {"inputType": "log-probabilities",
                                              "predictions": [[0.0, -800.0, -1000.0], [-800.0, 0.0, -745.0],
                                                              [math.log(0.5), math.log(0.5), -1e4]],
                                              "labels": [0, 0, 2], "gamma": 0.5}, edge=True)
    add("probabilities-single-sample-c2", {"predictions": [[0.3, 0.7]], "labels": [1], "gamma": 2})
    return out


# ------------------------------------------------------------- summaries

def moments(losses, share, idx):
    """count, weightSum, sum, mean, m2, cross, weightSquares, stderr, ci95 over samples idx."""
    n = len(idx)
    ws, total = math.fsum(share[i] for i in idx), math.fsum(losses[i] for i in idx)
    mean = ratio(total, ws)
    m = mean or 0.0
    dev = [losses[i] - m * share[i] for i in idx]
    m2 = math.fsum(d * d for d in dev)
    se = math.sqrt(n / (n - 1) * m2 / (ws * ws)) if n >= 2 and ws else None
    return {"count": n, "weightSum": ws, "sum": total, "mean": mean, "m2": m2,
            "cross": math.fsum(d * share[i] for d, i in zip(dev, idx)),
            "weightSquares": math.fsum(share[i] ** 2 for i in idx), "stderr": se,
            "ci95": None if se is None else [mean - Z95 * se, mean + Z95 * se]}


def contract_rank(values, label):
    """Classes ranked ahead of `label`: higher values, and equal values at lower indices."""
    return int(np.sum(values > values[label]) + np.sum(values[:label] == values[label]))


def correct(truth, guess, w):
    """Σ w_i over correct decisions, by sklearn's accuracy_score."""
    return float(accuracy_score(truth, guess, normalize=False, sample_weight=w)) if len(w) else 0.0


def accuracy(endpoint, v, idx):
    """The accuracy summary over samples idx (v: per-endpoint decision data)."""
    s = v["s"][idx]
    out = {}
    if endpoint == "categorical":
        top1 = np.argmax(v["values"][idx], axis=1)               # ties to the lower index
        out["correct"] = correct(v["label"][idx], top1, s)
        out["weight"] = math.fsum(s)
    else:
        truth, guess = v["truth"][idx], v["guess"][idx]
        k = truth.shape[1] if truth.ndim == 2 else 1
        out["correct"] = correct(truth.ravel(), guess.ravel(), np.repeat(s, k))
        out["weight"] = math.fsum(np.repeat(s, k))
    out["accuracy"] = ratio(out["correct"], out["weight"])
    if endpoint == "multilabel":
        exact = correct(v["truth"][idx], v["guess"][idx], s)
        out["exactMatch"] = {"correct": exact, "weight": math.fsum(s), "accuracy": ratio(exact, math.fsum(s))}
    if endpoint == "categorical" and v["topK"]:
        k, values, labels = v["topK"], v["values"][idx], v["label"][idx]
        hits = np.array([contract_rank(row, y) < k for row, y in zip(values, labels)], dtype=float)
        hit_weight = math.fsum(hits * s)
        if len(idx):
            lib = top_k_accuracy_score(labels, values, k=k, normalize=False, sample_weight=s,
                                       labels=list(range(values.shape[1])))
            tie_free = all(len(set(row.tolist())) == len(row) for row in values)
            if tie_free:
                close(lib, hit_weight, "top_k_accuracy_score")
            elif abs(lib - hit_weight) > 1e-12:
                v["notes"].add("sklearn top_k_accuracy_score ranks ties to the higher index (gives %r); "
                               "topK here follows the contract (ties to the lower index)" % float(lib))
        out["topK"] = {"k": k, "correct": hit_weight, "weight": math.fsum(s),
                       "accuracy": ratio(hit_weight, math.fsum(s))}
    return out


def calibration(v, bins):
    conf, acc, wt = v["conf"], v["acc"], v["wconf"]
    rows = [[0.0, 0.0, 0.0] for _ in range(bins)]
    members = [[] for _ in range(bins)]
    for c, a, w in zip(conf, acc, wt):
        b = min(int(math.floor(c * bins)), bins - 1)
        members[b].append((w, w * c, w * a))
    out_bins = []
    for b in range(bins):
        w, sc, sa = (math.fsum(m[j] for m in members[b]) for j in range(3))
        out_bins.append({"lower": b / bins, "upper": (b + 1) / bins, "weight": w, "sumConfidence": sc,
                         "sumAccuracy": sa})
    total = math.fsum(b["weight"] for b in out_bins)
    gaps = [abs(b["sumAccuracy"] - b["sumConfidence"]) for b in out_bins]
    nonempty = [g / b["weight"] for g, b in zip(gaps, out_bins) if b["weight"] > 0]
    brier_sum = math.fsum(v["brier_terms"])
    brier = ratio(brier_sum, total)
    if v["brier_lib"] is not None and total:
        close(v["brier_lib"], brier, "brier_score_loss")
        brier = float(v["brier_lib"])
    return {"bins": out_bins, "ece": ratio(math.fsum(gaps), total), "mce": max(nonempty) if nonempty else None,
            "brier": brier, "brierSum": brier_sum}


def decision_data(endpoint, req, kept):
    """Everything the summaries need besides the losses, with ignored samples dropped."""
    kind = req.get("inputType", "probabilities")
    x = np.asarray(req["predictions"], dtype=float)
    s = np.asarray(req.get("sampleWeights", [1.0] * len(x)), dtype=float)
    v = {"s": s, "notes": set()}
    xt = t(req["predictions"])
    if endpoint in ("binary", "multilabel"):
        y = np.asarray(req["labels"], dtype=float)
        p = torch.sigmoid(xt).numpy() if kind == "logits" else x
        v["truth"], v["guess"] = y >= 0.5, (x >= 0) if kind == "logits" else (x >= 0.5)
        k = y.shape[1] if y.ndim == 2 else 1
        v["conf"], v["acc"], v["wconf"] = p.ravel(), y.ravel(), np.repeat(s, k)
        v["brier_terms"] = (v["wconf"] * (p.ravel() - y.ravel()) ** 2).tolist()
        hard_labels = np.all((y == 0) | (y == 1))
        v["brier_lib"] = brier_score_loss(y.ravel(), p.ravel(), sample_weight=v["wconf"]) \
            if hard_labels and s.sum() > 0 else None
        ys, _, logs, _, _ = bernoulli(req, xt)
        q2 = torch.stack([ys, 1 - ys], dim=-1)
        logp2 = torch.stack(logs, dim=-1)
        kl = (torch.xlogy(q2, q2) - q2 * logp2).sum(-1)
        ent = -torch.xlogy(q2, q2).sum(-1)
        if endpoint == "multilabel":
            kl, ent = kl.mean(1), ent.mean(1)
        v["kl"], v["entropy"] = kl.numpy(), ent.numpy()
        if "sampleWeights" not in req:  # torch's batchmean, per element mean over K for multilabel
            lib = float(F.kl_div(logp2, q2, reduction="batchmean")) / k
            v["kl_lib"] = lib
        return v
    c = x.shape[1]
    keep = np.asarray(kept)
    log_p, _, p = categorical(req, xt)
    p = p.numpy()
    values = x / x.sum(1, keepdims=True) if kind == "probabilities" and (
        req.get("compat") == "keras" or req.get("renormalize")) else x
    q, qs, _ = targets(req, c)
    label = np.array(req["labels"]) if "labels" in req else np.argmax(np.asarray(req["targets"]), axis=1)
    k = req.get("topK", 5 if c > 5 else None)
    v.update({"values": values, "label": np.where(keep, label, 0), "topK": k})
    top = np.argmax(p, axis=1)
    qn = q.numpy()
    v["conf"], v["acc"] = p.max(1)[keep], qn[np.arange(len(x)), top][keep]
    v["wconf"] = s[keep]
    v["brier_terms"] = (s * ((p - qn) ** 2).sum(1))[keep].tolist()
    v["brier_lib"] = None
    if "labels" in req and keep.any():
        v["brier_lib"] = sum(brier_score_loss(qn[keep][:, j], p[keep][:, j], sample_weight=s[keep])
                             for j in range(c)) if s[keep].sum() > 0 else None
    kl = (torch.xlogy(qs, qs) - qs * log_p).sum(1)
    v["kl"], v["entropy"] = kl.numpy(), (-torch.xlogy(qs, qs).sum(1)).numpy()
    if "sampleWeights" not in req and keep.any():
        kt = torch.tensor(keep)
        v["kl_lib"] = float(F.kl_div(log_p[kt], qs[kt], reduction="batchmean"))
    return v


def summaries_case(name, endpoint, req, note=None):
    ep = "cross-entropy/" + endpoint
    validate(ep, req)
    result, share, kept = compute(ep, req)
    losses = result["losses"]
    idx = [i for i, k in enumerate(kept) if k]
    v = decision_data(endpoint, req, kept)
    out = {}
    for summary in req["summaries"]:
        if summary == "stderr":
            m = moments(losses, share, idx)
            out["stderr"] = {"n": m["count"], "mean": m["mean"], "stderr": m["stderr"], "ci95": m["ci95"],
                             "m2": m["m2"], "cross": m["cross"], "weightSquares": m["weightSquares"]}
        elif summary == "accuracy":
            out["accuracy"] = accuracy(endpoint, v, np.array(idx, dtype=int))
        elif summary == "calibration":
            out["calibration"] = calibration(v, req.get("calibrationBins", 15))
        elif summary == "worst":
            order = sorted(idx, key=lambda i: (-losses[i], i))[:req.get("worstK", 10)]
            out["worst"] = [{"index": i + req.get("indexOffset", 0), "loss": losses[i] + 0.0} for i in order]
        elif summary == "groups":
            groups = {}
            for i, g in enumerate(req["groups"]):
                groups.setdefault(str(g), []).append(i)
            out["groups"] = {}
            for key, members in groups.items():
                counted = [i for i in members if kept[i]]
                out["groups"][key] = moments(losses, share, counted)
                if "accuracy" in req["summaries"]:
                    out["groups"][key]["accuracy"] = accuracy(endpoint, v, np.array(counted, dtype=int))
        elif summary == "divergence":
            s = v["s"][idx]
            ws = math.fsum(s)
            kl = ratio(math.fsum(s * v["kl"][idx]), ws)
            if "kl_lib" in v:
                close(v["kl_lib"], kl, "F.kl_div batchmean")
                kl = v["kl_lib"]
            out["divergence"] = {"entropy": ratio(math.fsum(s * v["entropy"][idx]), ws), "kl": kl}
        elif summary == "perplexity":
            mean = result["mean"]
            try:
                perplexity = None if mean is None else math.exp(mean)
            except OverflowError:
                perplexity = None
            out["perplexity"] = {"perplexity": perplexity,
                                 "bitsPerSample": None if mean is None else mean / math.log(2)}
        else:
            raise ValueError(summary)
    expected = {k: result[k] for k in ("count", "weightSum", "sum", "mean")}
    expected["losses"] = plain(losses)
    expected["summaries"] = out
    case = {"name": name, "endpoint": ep, "request": req, "expected": expected}
    notes = ([note] if note else []) + sorted(v["notes"])
    if notes:
        case["note"] = "; ".join(notes)
    return case


ALL = ["stderr", "accuracy", "calibration", "worst", "divergence", "perplexity"]


def summaries_cases():
    out = []
    add = lambda name, kind, req, note=None: out.append(summaries_case(f"{kind}-{name}", kind, req, note))
    # binary
    add("probabilities-all-summaries-0.5-1.0-0.0", "binary",
        {"predictions": [0.5, 1.0, 0.0, 0.5, 0.9, 0.2, 1.0, 0.35, 0.65, 0.05],
         "labels": [1, 1, 0, 0, 1, 1, 0, 0, 1, 0], "summaries": ALL})
    r = R(5001)
    add("probabilities-weights-bins-10-worst-3-offset", "binary",
        {"predictions": probs(r, 12), "labels": hard(r, 12), "sampleWeights": weights(r, 12, 0.1),
         "summaries": ALL, "calibrationBins": 10, "worstK": 3, "indexOffset": 1000})
    r = R(5002)
    add("logits-soft-labels-smoothing-zero-logit", "binary",
        {"inputType": "logits", "predictions": logits(r, 7) + [0.0], "labels": soft(r, 7) + [0.5],
         "labelSmoothing": 0.1, "summaries": ALL})
    r = R(5003)
    add("probabilities-groups-strings-accuracy", "binary",
        {"predictions": probs(r, 10), "labels": hard(r, 10), "sampleWeights": weights(r, 10, 0.5),
         "groups": ["en", "de", "en", "fr", "de", "en", "fr", "fr", "en", "de"],
         "summaries": ["groups", "accuracy", "stderr"]})
    r = R(5004)
    add("logits-groups-integers", "binary",
        {"inputType": "logits", "predictions": logits(r, 9), "labels": hard(r, 9),
         "groups": [3, 1, 3, -2, 1, 3, 10, 1, 3], "summaries": ["groups", "stderr", "perplexity"]})
    add("probabilities-single-sample", "binary", {"predictions": [0.8], "labels": [1], "summaries": ALL})
    add("probabilities-all-weights-zero", "binary",
        {"predictions": [0.2, 0.7, 0.5], "labels": [0, 1, 1], "sampleWeights": [0.0, 0.0, 0.0],
         "summaries": ["stderr", "accuracy", "worst", "divergence", "perplexity", "groups"],
         "groups": ["a", "b", "a"]})
    add("probabilities-tied-losses-worst", "binary",
        {"predictions": [0.25, 0.75, 0.25, 0.75, 0.5, 0.5], "labels": [1, 0, 1, 0, 1, 0], "worstK": 3,
         "summaries": ["worst", "stderr"]})
    add("logits-overflowing-perplexity", "binary",
        {"inputType": "logits", "predictions": [-1e4, 2.0, -3.0], "labels": [1, 1, 0],
         "summaries": ["perplexity", "stderr", "worst"]})
    r = R(5005)
    add("probabilities-pos-weight-calibration-2-bins", "binary",
        {"predictions": probs(r, 8), "labels": hard(r, 8), "posWeight": 2.5, "calibrationBins": 2,
         "summaries": ["calibration", "stderr", "accuracy"]})
    r = R(5006)
    add("probabilities-1000-bins-soft-labels", "binary",
        {"predictions": probs(r, 6) + [1.0], "labels": soft(r, 6) + [0.5], "calibrationBins": 1000,
         "summaries": ["calibration", "divergence"]})
    r = R(5007)
    add("probabilities-keras-divergence", "binary",
        {"predictions": [0.0, 1.0, 1e-9] + probs(r, 3), "labels": [0, 1, 1, 0, 1, 0], "compat": "keras",
         "summaries": ["divergence", "calibration", "stderr"]})
    # multilabel
    r = R(6001)
    add("probabilities-k3-all-weights", "multilabel",
        {"predictions": probs(r, 6, 3), "labels": hard(r, 6, 3), "sampleWeights": weights(r, 6, 0.1),
         "summaries": ALL})
    r = R(6002)
    add("probabilities-k4-unweighted-kl-div", "multilabel",
        {"predictions": [[0.5, 1.0, 0.0, 0.3]] + probs(r, 4, 4), "labels": [[1, 1, 0, 0]] + hard(r, 4, 4),
         "summaries": ALL, "calibrationBins": 5})
    r = R(6003)
    add("logits-k2-class-weights-groups", "multilabel",
        {"inputType": "logits", "predictions": logits(r, 8, 2), "labels": hard(r, 8, 2), "classWeights": [2.0, 0.5],
         "groups": ["x", "y", "x", "y", "x", "z", "x", "y"], "summaries": ["groups", "accuracy", "stderr", "worst"]})
    r = R(6004)
    add("logits-k5-soft-labels-smoothing", "multilabel",
        {"inputType": "logits", "predictions": logits(r, 5, 5), "labels": soft(r, 5, 5), "labelSmoothing": 0.2,
         "sampleWeights": weights(r, 5, 0.2), "summaries": ALL})
    r = R(6005)
    add("probabilities-k3-groups-integers-zero-weight-group", "multilabel",
        {"predictions": probs(r, 6, 3), "labels": hard(r, 6, 3), "sampleWeights": [1.0, 0.0, 2.0, 0.0, 1.5, 1.0],
         "groups": [7, 8, 7, 8, 9, 7], "summaries": ["groups", "accuracy", "stderr", "perplexity"]})
    add("probabilities-k2-single-sample", "multilabel",
        {"predictions": [[0.5, 0.25]], "labels": [[1, 1]], "summaries": ALL})
    r = R(6006)
    add("logits-k3-pos-weight-worst-offset", "multilabel",
        {"inputType": "logits", "predictions": logits(r, 12, 3), "labels": hard(r, 12, 3), "posWeight": [1.0, 3.0, 0.5],
         "summaries": ["worst", "stderr", "calibration"], "worstK": 5, "indexOffset": 7})
    # categorical
    add("probabilities-labels-argmax-ties", "categorical",
        {"predictions": [[0.4, 0.4, 0.2], [0.2, 0.4, 0.4], [1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0.0], [1.0, 0.0, 0.0],
                         [0.1, 0.6, 0.3]],
         "labels": [1, 2, 0, 0, 0, 1], "summaries": ALL, "calibrationBins": 10})
    r = R(7001)
    add("probabilities-labels-weights-c4", "categorical",
        {"predictions": simplex(r, 9, 4), "labels": r.integers(0, 4, 9).tolist(), "sampleWeights": weights(r, 9, 0.1),
         "summaries": ALL})
    r = R(7002)
    add("probabilities-c7-default-top-5", "categorical",
        {"predictions": simplex(r, 8, 7), "labels": r.integers(0, 7, 8).tolist(), "summaries": ["accuracy"]})
    add("probabilities-c6-top-3-ties-at-boundary", "categorical",
        {"predictions": [[0.3, 0.2, 0.2, 0.2, 0.1, 0.0], [0.1, 0.2, 0.2, 0.2, 0.3, 0.0],
                         [0.25, 0.25, 0.25, 0.25, 0.0, 0.0], [0.0, 0.0, 0.0, 0.5, 0.5, 0.0]],
         "labels": [3, 1, 3, 4], "topK": 3, "summaries": ["accuracy", "calibration"], "calibrationBins": 4})
    add("logits-c8-top-2-ties-weights", "categorical",
        {"inputType": "logits", "predictions": [[1.0, 2.0, 2.0, 0.0, -1.0, 0.5, 0.5, 2.0],
                                                [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0],
                                                [0.0, -1.0, 4.0, 4.0, 1.0, 0.0, 0.0, 0.0]],
         "labels": [7, 1, 3], "sampleWeights": [2.0, 0.5, 1.0], "topK": 2, "summaries": ["accuracy", "stderr"]})
    r = R(7003)
    add("logits-ignore-index-groups", "categorical",
        {"inputType": "logits", "predictions": logits(r, 8, 3), "labels": [0, -100, 2, 1, -100, 1, 0, 2],
         "ignoreIndex": -100, "groups": ["a", "b", "a", "c", "b", "c", "a", "c"],
         "summaries": ["groups", "accuracy", "stderr", "worst", "calibration", "divergence", "perplexity"]})
    r = R(7004)
    add("targets-soft-argmax-ties", "categorical",
        {"predictions": simplex(r, 5, 3), "targets": [[0.5, 0.5, 0.0], [0.2, 0.4, 0.4], [0.0, 0.0, 1.0],
                                                      [0.3, 0.3, 0.4], [1 / 3, 1 / 3, 1 / 3]],
         "summaries": ALL, "calibrationBins": 5})
    r = R(7005)
    add("targets-logits-smoothing-weights", "categorical",
        {"inputType": "logits", "predictions": logits(r, 6, 4), "targets": simplex(r, 6, 4), "labelSmoothing": 0.1,
         "sampleWeights": weights(r, 6, 0.2), "summaries": ALL})
    r = R(7006)
    add("class-weights-stderr-groups", "categorical",
        {"predictions": simplex(r, 8, 3), "labels": r.integers(0, 3, 8).tolist(), "classWeights": [1.0, 3.0, 0.5],
         "sampleWeights": weights(r, 8, 0.1), "groups": [1, 2, 1, 2, 1, 2, 1, 2],
         "summaries": ["stderr", "groups", "worst", "perplexity", "accuracy"]},
        "W_i = s_i * classWeights[label_i]: stderr, groups and perplexity use it")
    r = R(7007)
    add("log-probabilities-labels", "categorical",
        {"inputType": "log-probabilities", "predictions": log_rows(r, 7, 5), "labels": r.integers(0, 5, 7).tolist(),
         "summaries": ALL})
    r = R(7008)
    add("renormalize-rows", "categorical",
        {"predictions": np.round(r.uniform(0.01, 1, (6, 3)), 3).tolist(), "labels": r.integers(0, 3, 6).tolist(),
         "renormalize": True, "summaries": ALL}, "accuracy, calibration and Brier use the divided rows")
    r = R(7009)
    add("keras-unnormalized-rows", "categorical",
        {"predictions": np.round(r.uniform(0.0, 1, (6, 4)), 3).tolist(), "labels": r.integers(0, 4, 6).tolist(),
         "compat": "keras", "summaries": ALL, "calibrationBins": 8},
        "keras: rows divided by their sum; divergence uses the clipped rows as the loss does")
    r = R(7010)
    add("labels-smoothing-divergence", "categorical",
        {"predictions": simplex(r, 6, 4), "labels": r.integers(0, 4, 6).tolist(), "labelSmoothing": 0.2,
         "summaries": ["divergence", "accuracy", "calibration"]},
        "divergence uses the smoothed one-hot q'; accuracy and calibration the raw label")
    add("probabilities-edges-0-1-divergence", "categorical",
        {"predictions": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [1e-300, 0.25, 0.75]],
         "labels": [0, 0, 2, 0], "summaries": ALL})
    add("single-sample", "categorical",
        {"inputType": "logits", "predictions": [[0.0, 1.0, -1.0]], "labels": [1], "summaries": ALL,
         "groups": ["only"]})
    add("all-ignored", "categorical",
        {"predictions": [[0.2, 0.8], [0.6, 0.4]], "labels": [5, 5], "ignoreIndex": 5, "groups": [0, 1],
         "summaries": ["stderr", "accuracy", "calibration", "worst", "groups", "divergence", "perplexity"]})
    r = R(7011)
    add("c2-brier-both-classes-worst-ties", "categorical",
        {"predictions": [[0.5, 0.5], [0.5, 0.5], [0.9, 0.1], [0.3, 0.7], [0.5, 0.5]], "labels": [0, 1, 0, 0, 1],
         "summaries": ["calibration", "worst", "accuracy"], "worstK": 3},
        "C = 2: Brier sums both classes, 2 (p_1 - y)^2 (brier_score_loss(..., scale_by_half=False))")
    r = R(7012)
    add("logits-20-samples-c5-groups-mixed-weights", "categorical",
        {"inputType": "logits", "predictions": logits(r, 20, 5), "labels": r.integers(0, 5, 20).tolist(),
         "sampleWeights": weights(r, 20, 0.0), "groups": r.integers(0, 4, 20).tolist(),
         "summaries": ["groups", "accuracy", "stderr", "calibration", "worst"], "topK": 2, "calibrationBins": 6})
    return out


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    focal = focal_binary_cases() + focal_multilabel_cases() + focal_categorical_cases()
    summaries = summaries_cases()
    for name, cases in (("focal.json", focal), ("summaries.json", summaries)):
        names = [c["name"] for c in cases]
        assert len(names) == len(set(names)), "duplicate case names"
        with open(os.path.join(OUT_DIR, name), "w") as f:
            json.dump(cases, f, indent=1, allow_nan=False)
            f.write("\n")
        counts = {}
        for c in cases:
            counts[c["endpoint"]] = counts.get(c["endpoint"], 0) + 1
        print(name, len(cases), counts)
    print("torch", torch.__version__, "sklearn", sklearn.__version__, "numpy", np.__version__)


if __name__ == "__main__":
    main()
