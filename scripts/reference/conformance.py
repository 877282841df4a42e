#!/usr/bin/python3
"""Black-box conformance test of a running xent service against independent references.

Generates random requests for the six scoring endpoints (cross-entropy and focal:
binary, multilabel, categorical), sends them one at a time, and compares the answers
with references computed in Python from the contract (/work/shared/API.md):

* losses, aggregates and gradients: the contract's formulas written in torch (float64),
  gradients by torch.autograd (the contract's limit convention for focal factors and
  PyTorch's own BCELoss backward for compat=torch are torch.autograd.Functions);
* cross-checks where the contract promises equality with a library: F.binary_cross_entropy,
  F.binary_cross_entropy_with_logits, F.cross_entropy (weight, ignore_index,
  label_smoothing, probability targets), sklearn log_loss, torchvision-style focal loss
  written by hand in numpy, F.kl_div(batchmean), sklearn accuracy_score /
  top_k_accuracy_score / brier_score_loss;
* summaries (stderr, accuracy incl. topK and exactMatch, calibration, worst, groups,
  divergence, perplexity) in numpy / math.fsum exactly as API.md defines them.

It also sends each request as JSON Lines (and, when pyarrow is importable, as an Arrow
IPC stream split into random batches, and asks for the per-sample Arrow answer) and
checks the numbers are bit-identical across formats; checks focal with gamma=0 equals
cross-entropy bit for bit and compat=sklearn equals no compat; and sends ~30 invalid
requests that must be 4xx application/problem+json (422 with JSON pointers), never 5xx.

Usage (service on 127.0.0.1:18181):

    /usr/bin/python3 scripts/reference/conformance.py              # 600 cases: references (torch, sklearn) + JSON Lines
    python3 scripts/reference/conformance.py --formats-only        # pyenv python3: + Arrow bodies and Arrow answers

Options: --url, --cases N, --seed S, --minutes M (time bound), --report FILE (JSON), --no-shrink.
Each run takes well under a minute for 600 cases; requests are sent one at a time.

Large requests (513 to 6000 samples, C up to 12, K up to 6, 1 to 60 groups, every summary that
applies), which cross the service's 512-row slices and 128-term summation blocks:

    /usr/bin/python3 scripts/reference/conformance.py --large              # references + shard merging + JSON Lines
    python3 scripts/reference/conformance.py --large --formats-only        # pyenv: shard merging + JSON Lines + Arrow batch splits

--large runs 36 cases unless --cases says otherwise (about 0.5 s a case); --no-shards skips the
shard-merging check. What each check compares, and its tolerances, is described above run_large.

Without torch (pyenv python3) the reference comparisons are skipped and only the format
and invalid-input checks run. Every mismatch is shrunk (rows, columns, options removed
while it persists) and reported with a minimal request. Exit status 1 if any mismatch.
"""
import argparse
import copy
import http.client
import io
import json
import math
import random
import re
import struct
import sys
import time
import urllib.parse

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
except ImportError:  # pyenv python3: formats and invalid inputs only
    torch = None
try:
    import sklearn.metrics as skm
except ImportError:
    skm = None
try:
    import pyarrow as pa
    import pyarrow.ipc as paipc
except ImportError:
    pa = None

EPS64 = 2.220446049250313e-16
DELTA = 9.999999960041972e-13
Z95 = 1.959963984540054
RTOL, ATOL = 1e-9, 1e-12
ARROW = 'application/vnd.apache.arrow.stream'
ENDPOINTS = ['cross-entropy/binary', 'cross-entropy/multilabel', 'cross-entropy/categorical',
             'focal/binary', 'focal/multilabel', 'focal/categorical']
SUMMARIES = ['stderr', 'accuracy', 'calibration', 'worst', 'groups', 'divergence', 'perplexity']
COLUMNS = ('predictions', 'labels', 'targets', 'sampleWeights', 'groups')


# ----------------------------------------------------------------------------- HTTP

class Service:
    def __init__(self, host, port):
        self.host, self.port, self.conn, self.requests = host, port, None, 0

    def post(self, path, body, ctype, query=None, accept=None):
        url = path + ('?' + query if query else '')
        headers = {'Content-Type': ctype} if ctype else {}
        if accept:
            headers['Accept'] = accept
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.conn.request('POST', url, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                self.requests += 1
                if r.getheader('Connection', '').lower() == 'close':
                    self.conn.close()
                    self.conn = None
                return r.status, {k.lower(): v for k, v in r.getheaders()}, data
            except (http.client.HTTPException, ConnectionError, OSError):
                if self.conn:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.5)

    def json(self, endpoint, req, accept=None):
        return self.post('/v1/' + endpoint, json.dumps(req).encode(), 'application/json', accept=accept)


def parse_json(data):
    return json.loads(data.decode('utf-8'))


# ----------------------------------------------------------------------------- comparison

class Tol:
    """An expected float with its own absolute tolerance."""
    def __init__(self, value, atol):
        self.value, self.atol = value, atol


class WorstSpec:
    def __init__(self, losses, counted, offset, k):
        self.losses, self.counted, self.offset, self.k = losses, counted, offset, k
        self.svc_losses = None   # the answer's own losses, when it has them (ties are judged on those)


class CalibSpec:
    """Calibration where some confidence lies within 1e-9 of the edge between bins e-1 and e:
    those two bins are compared as a pair, ece and mce against the answer's own bins."""
    def __init__(self, d, edges):
        self.d, self.edges = d, edges


def compare_calib(got, spec, path, out):
    d = spec.d
    if not isinstance(got, dict) or not isinstance(got.get('bins'), list) or len(got['bins']) != len(d['bins']):
        out.append((path, short(got), short(d)))
        return
    paired = set()
    for e in spec.edges:
        paired |= {e - 1, e}
        for f in ('weight', 'sumConfidence', 'sumAccuracy'):
            g = got['bins'][e - 1][f] + got['bins'][e][f]
            w = d['bins'][e - 1][f] + d['bins'][e][f]
            if not num_close(g, w):
                out.append(('%s/bins/%d+%d/%s' % (path, e - 1, e, f), g, w))
    for b, wb in enumerate(d['bins']):
        if b in paired:
            compare(got['bins'][b], {'lower': wb['lower'], 'upper': wb['upper']}, '%s/bins/%d' % (path, b), out)
        else:
            compare(got['bins'][b], wb, '%s/bins/%d' % (path, b), out)
    compare(got, {'brier': d['brier'], 'brierSum': d['brierSum']}, path, out)
    bs = got['bins']
    tw = math.fsum(x['weight'] for x in bs)
    gaps = [abs(x['sumAccuracy'] - x['sumConfidence']) for x in bs]
    sc = math.fsum(x['sumAccuracy'] + x['sumConfidence'] for x in bs)
    ece = Tol(math.fsum(gaps) / tw, 1e-12 * sc / tw + ATOL) if tw > 0 else None
    ms = [(g / x['weight'], 1e-12 * (x['sumAccuracy'] + x['sumConfidence']) / x['weight'] + ATOL)
          for g, x in zip(gaps, bs) if x['weight'] > 0]
    mce = Tol(*max(ms)) if ms else None
    compare(got, {'ece': ece, 'mce': mce}, path, out)


ABSENT = object()   # the key must not be in the answer


class Ordered:
    """An expected dict whose key order must match (groups: first appearance; summaries: as asked)."""
    def __init__(self, d):
        self.d = d


def num_close(got, want, atol=ATOL):
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    if not math.isfinite(got):
        return False
    return abs(got - want) <= max(atol, RTOL * abs(want))


def compare(got, want, path, out):
    """Appends (path, got, want) for every mismatch."""
    if isinstance(want, Ordered):
        if not isinstance(got, dict):
            out.append((path, got, '<object>'))
            return
        if [k for k in got if k in want.d] != list(want.d.keys()) and set(want.d) <= set(got):
            out.append((path + '/<key order>', list(got.keys()), list(want.d.keys())))
        compare(got, want.d, path, out)
        return
    if isinstance(want, WorstSpec):
        compare_worst(got, want, path, out)
        return
    if isinstance(want, CalibSpec):
        compare_calib(got, want, path, out)
        return
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append((path, got, '<object>'))
            return
        for k, v in want.items():
            if v is ABSENT:
                if k in got:
                    out.append((path + '/' + k, short(got[k]), '<absent>'))
                continue
            if k not in got:
                out.append((path + '/' + k, '<missing>', short(v)))
            else:
                compare(got[k], v, path + '/' + k, out)
        return
    if isinstance(want, (list, tuple)):
        if not isinstance(got, list) or len(got) != len(want):
            out.append((path, short(got), short(want)))
            return
        for i, (g, w) in enumerate(zip(got, want)):
            compare(g, w, '%s/%d' % (path, i), out)
        return
    if want is None:
        if got is not None:
            out.append((path, got, None))
        return
    if isinstance(want, bool) or isinstance(want, str):
        if got != want:
            out.append((path, got, want))
        return
    if isinstance(want, int):
        if isinstance(got, bool) or not isinstance(got, (int, float)) or got != want:
            out.append((path, got, want))
        return
    if isinstance(want, Tol):
        if got is None or not num_close(got, want.value, want.atol):
            out.append((path, got, want.value))
        return
    if got is None or not num_close(got, float(want)):
        out.append((path, got, want))


def compare_worst(got, spec, path, out):
    cnt = [i for i in range(len(spec.losses)) if spec.counted[i]]
    k = min(spec.k, len(cnt))
    if not isinstance(got, list) or len(got) != k:
        ref = sorted(cnt, key=lambda i: (-spec.losses[i], i))[:spec.k]
        out.append((path, short(got), [{'index': i + spec.offset, 'loss': spec.losses[i]} for i in ref]))
        return
    seen = set()
    for j, e in enumerate(got):
        idx = e.get('index') if isinstance(e, dict) else None
        if not isinstance(idx, int) or (idx - spec.offset) not in cnt or idx in seen:
            out.append(('%s/%d/index' % (path, j), idx, '<a counted, distinct sample + indexOffset>'))
            return
        seen.add(idx)
        i = idx - spec.offset
        if not num_close(e.get('loss'), spec.losses[i]):
            out.append(('%s/%d/loss' % (path, j), e.get('loss'), spec.losses[i]))
        if j > 0:
            prev = got[j - 1]
            if not (prev['loss'] > e['loss'] or (prev['loss'] == e['loss'] and prev['index'] < idx)):
                out.append(('%s/%d' % (path, j), e, '<after %s: loss descending, ties by lower index>' % prev))
    chosen = {e['index'] - spec.offset for e in got}
    lowest = min(spec.losses[i] for i in chosen) if chosen else None
    for i in cnt:
        if i not in chosen and lowest is not None and spec.losses[i] > lowest + max(ATOL, RTOL * abs(lowest)):
            out.append((path, '<sample %d (loss %r) left out>' % (i, spec.losses[i]), '<in the worst %d>' % k))
            return
        sv = spec.svc_losses
        if sv is not None and i not in chosen and chosen and sv[i] == min(sv[c] for c in chosen):
            # exact tie (in the service's own losses) with a chosen one: the lower index must win
            tied = [c for c in chosen if sv[c] == sv[i]]
            if any(c > i for c in tied):
                out.append((path, '<sample %d tied at %r but left out for a higher index>' % (i, lowest),
                            '<ties by lower index>'))
                return


def short(v, n=300):
    s = json.dumps(v, default=lambda o: getattr(o, 'value', repr(o)))
    return s if len(s) <= n else s[:n] + '...'


def bits_identical(a, b, path, out):
    """Bit-for-bit equality of two parsed JSON documents."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a.keys()) != list(b.keys()):
            out.append((path + '/<keys>', list(a.keys()), list(b.keys())))
        for k in a:
            if k in b:
                bits_identical(a[k], b[k], path + '/' + k, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append((path, short(a), short(b)))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                bits_identical(x, y, '%s/%d' % (path, i), out)
    elif isinstance(a, float) and isinstance(b, float):
        if struct.pack('<d', a) != struct.pack('<d', b):
            out.append((path, a, b))
    elif type(a) != type(b) or a != b:
        out.append((path, a, b))


# ----------------------------------------------------------------------------- torch helpers

if torch is not None:
    class SafePow(torch.autograd.Function):
        """t**gamma whose derivative is 0 where t == 0 (the contract's limit), for every gamma >= 0."""
        @staticmethod
        def forward(ctx, t, gamma):
            ctx.save_for_backward(t)
            ctx.gamma = gamma
            return torch.ones_like(t) if gamma == 0 else torch.pow(t, gamma)

        @staticmethod
        def backward(ctx, g):
            (t,) = ctx.saved_tensors
            gm = ctx.gamma
            if gm == 0:
                return torch.zeros_like(t), None
            d = torch.where(t > 0, gm * torch.pow(torch.where(t > 0, t, torch.ones_like(t)), gm - 1),
                            torch.zeros_like(t))
            return g * d, None

    class TorchBCE(torch.autograd.Function):
        """PyTorch BCELoss with log(1-p) as log1p(-p) (the contract), logs clamped at -100,
        backward (p - y)/max(p(1-p), delta) as PyTorch's binary_cross_entropy_backward."""
        @staticmethod
        def forward(ctx, p, y):
            ctx.save_for_backward(p, y)
            with torch.no_grad():
                lp = torch.log(p).clamp(min=-100)
                l1 = torch.log1p(-p).clamp(min=-100)
            return -(y * lp + (1 - y) * l1)

        @staticmethod
        def backward(ctx, g):
            p, y = ctx.saved_tensors
            return g * (p - y) / torch.clamp((1 - p) * p, min=DELTA), None

    def softplus(x):
        """log(1 + exp(x)), exact for any finite x, with an exact autograd (sigma(x))."""
        pos = x > 0
        xp = torch.where(pos, x, torch.zeros_like(x))
        xn = torch.where(pos, torch.zeros_like(x), x)
        return torch.where(pos, xp + torch.log1p(torch.exp(-xp)), torch.log1p(torch.exp(xn)))

    def safe_log(p):
        ok = p > 0
        return torch.where(ok, torch.log(torch.where(ok, p, torch.ones_like(p))), torch.full_like(p, -1e4))


def xlogx(x):
    x = np.asarray(x, dtype=float)
    return np.where(x > 0, x * np.log(np.where(x > 0, x, 1.0)), 0.0)


def sigmoid_np(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


# ----------------------------------------------------------------------------- reference

def reduce_and_grad(X, losses, ws, reduction):
    total = losses.sum()
    if reduction == 'mean':
        total = total / ws if ws > 0 else total * 0.0
    total.backward()
    return X.grad.detach().numpy()


def reference(endpoint, req):
    """Returns (expected response dict, context for summaries, [(source, path, value, atol)])."""
    fam, kind = endpoint.split('/')
    if kind == 'categorical':
        exp, ctx, alts = ref_categorical(fam == 'focal', req)
    else:
        exp, ctx, alts = ref_binary_like(fam == 'focal', kind == 'multilabel', req)
    if req.get('summaries'):
        exp['summaries'] = ref_summaries(endpoint, req, ctx, exp)
        alts += summary_library_checks(endpoint, req, ctx)
    if req.get('includeLosses', True) is False:
        exp.pop('losses')
    if req.get('includeGradients', True) is False:
        exp.pop('gradients')
    return exp, ctx, alts


def ref_binary_like(focal, multilabel, req):
    preds, labels = req['predictions'], req['labels']
    N = len(preds)
    K = len(preds[0]) if multilabel else 1
    it = req.get('inputType', 'probabilities')
    compat = req.get('compat', 'sklearn')
    eps = req.get('epsilon', EPS64)
    a = float(req.get('labelSmoothing', 0.0))
    Xl = torch.tensor(preds, dtype=torch.float64, requires_grad=True)
    X = Xl.reshape(N, K)
    Y = torch.tensor(labels, dtype=torch.float64).reshape(N, K)
    s = torch.tensor(req.get('sampleWeights', [1.0] * N), dtype=torch.float64)
    Ys = Y * (1 - a) + a / 2
    pwv = req.get('posWeight', 1.0)
    pw = torch.tensor([float(v) for v in pwv] if isinstance(pwv, list) else [float(pwv)] * K, dtype=torch.float64)
    cw = torch.tensor([float(v) for v in req.get('classWeights', [1.0] * K)], dtype=torch.float64)
    torchprob = it == 'probabilities' and compat == 'torch'
    if it == 'logits':
        logp, log1mp = -softplus(-X), -softplus(X)
        p, q = torch.sigmoid(X), torch.sigmoid(-X)
    else:
        p, q = X, 1 - X
        if not torchprob:
            lo = eps if compat == 'sklearn' else 1e-7
            pc = torch.clamp(X, lo, 1 - lo)
            logp, log1mp = torch.log(pc), torch.log1p(-pc)
    if focal:
        bce = TorchBCE.apply(X, Ys) if torchprob else -(Ys * logp + (1 - Ys) * log1mp)
        t = Ys * q + (1 - Ys) * p
        gamma = float(req.get('gamma', 2.0))
        at = 1.0 if req.get('alpha') is None else req['alpha'] * Ys + (1 - req['alpha']) * (1 - Ys)
        e = at * SafePow.apply(t, gamma) * bce
        elem = e
    else:
        e = TorchBCE.apply(X, Ys) if torchprob else -(pw * Ys * logp + (1 - Ys) * log1mp)
        elem = cw * e
    losses = s * (1.0 / K) * elem.sum(dim=1)
    ws = float(math.fsum(s.tolist()))
    red = req.get('reduction', 'mean')
    grads = reduce_and_grad(Xl, losses, ws, red)
    L = losses.detach().numpy()
    total = math.fsum(L.tolist())
    exp = {'count': N, 'weightSum': ws, 'sum': total, 'mean': total / ws if ws > 0 else None,
           'losses': L.tolist(), 'gradients': grads.tolist()}
    # logs as the cross-entropy clips them (divergence)
    Xn = np.array(preds, dtype=float).reshape(N, K)
    if it == 'logits':
        lpn, l1n = -softplus(-torch.tensor(Xn)).numpy(), -softplus(torch.tensor(Xn)).numpy()
        pn = sigmoid_np(Xn)
    elif torchprob:
        with np.errstate(divide='ignore'):
            lpn, l1n = np.maximum(np.log(Xn), -100), np.maximum(np.log1p(-Xn), -100)
        pn = Xn
    else:
        lo = eps if compat == 'sklearn' else 1e-7
        pcn = np.clip(Xn, lo, 1 - lo)
        lpn, l1n = np.log(pcn), np.log1p(-pcn)
        pn = Xn
    ctx = {'kind': 'multilabel' if multilabel else 'binary', 'N': N, 'K': K, 'counted': np.ones(N, bool),
           's': s.numpy(), 'W': s.numpy(), 'losses': L, 'X': Xn, 'p': pn, 'y': Y.numpy(), 'ys': Ys.numpy(),
           'logp': lpn, 'log1mp': l1n, 'it': it}
    # library cross-checks
    alts = []
    unweighted = 'sampleWeights' not in req or all(v == 1 for v in req['sampleWeights'])
    hard = all(v in (0, 1) for v in np.ravel(labels))
    if not focal and it == 'logits':
        ref = F.binary_cross_entropy_with_logits(torch.tensor(Xn), Ys, weight=cw, pos_weight=pw,
                                                 reduction='none')
        Ll = (s * ref.mean(dim=1)).numpy()
        for i in range(N):
            alts.append(('F.binary_cross_entropy_with_logits', '/losses/%d' % i, float(Ll[i]), ATOL))
        if unweighted:
            alts.append(('F.binary_cross_entropy_with_logits(mean)', '/mean',
                         float(F.binary_cross_entropy_with_logits(torch.tensor(Xn), Ys, weight=cw, pos_weight=pw)), ATOL))
    if not focal and torchprob:
        Xt = torch.tensor(Xn, requires_grad=True)
        b = F.binary_cross_entropy(Xt, Ys, weight=cw, reduction='none')
        Lb = s * b.mean(dim=1)
        tot = Lb.sum()
        if red == 'mean':
            tot = tot / ws if ws > 0 else tot * 0
        tot.backward()
        gb = Xt.grad.numpy().reshape(np.shape(preds))
        for idx in np.ndindex(gb.shape):
            alts.append(('autograd F.binary_cross_entropy', '/gradients/' + '/'.join(map(str, idx)), float(gb[idx]), ATOL))
        if Xn.min() >= 1e-4 and Xn.max() <= 1 - 1e-4:
            for i in range(N):
                alts.append(('F.binary_cross_entropy', '/losses/%d' % i, float(Lb[i]), ATOL))
    if (not focal and not multilabel and it == 'probabilities' and compat == 'sklearn' and hard and a == 0
            and 'posWeight' not in req and ws > 0):
        ll = skm.log_loss(np.array(labels, dtype=int), Xn[:, 0], sample_weight=s.numpy(), labels=[0, 1],
                          eps=eps if 'epsilon' in req else 'auto')
        alts.append(('sklearn.log_loss', '/mean', float(ll), ATOL))
    if focal and it == 'logits' and unweighted and a == 0:
        # torchvision.ops.sigmoid_focal_loss, written by hand in numpy
        z, y = Xn, Y.numpy()
        pr = sigmoid_np(z)
        ce = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        p_t = pr * y + (1 - pr) * (1 - y)
        fl = ce * ((1 - p_t) ** float(req.get('gamma', 2.0)))
        if req.get('alpha') is not None:
            fl = (req['alpha'] * y + (1 - req['alpha']) * (1 - y)) * fl
        alts.append(('torchvision sigmoid_focal_loss (numpy)', '/mean', float(np.mean(fl)), 1e-12))
    return exp, ctx, alts


def ref_categorical(focal, req):
    preds = req['predictions']
    N, C = len(preds), len(preds[0])
    it = req.get('inputType', 'probabilities')
    compat = req.get('compat', 'sklearn')
    eps = req.get('epsilon', EPS64)
    a = float(req.get('labelSmoothing', 0.0))
    X = torch.tensor(preds, dtype=torch.float64, requires_grad=True)
    s = torch.tensor(req.get('sampleWeights', [1.0] * N), dtype=torch.float64)
    uses_labels = 'labels' in req
    if uses_labels:
        lab = np.array(req['labels'], dtype=np.int64)
        ign = req.get('ignoreIndex')
        counted = np.ones(N, bool) if ign is None else lab != ign
        Q = np.zeros((N, C))
        for i in range(N):
            if counted[i]:
                Q[i, lab[i]] = 1.0
        truth = np.where(counted, lab, -1)
    else:
        Q = np.array(req['targets'], dtype=float)
        counted = np.ones(N, bool)
        truth = np.array([int(np.argmax(r)) for r in Q])
    cm = torch.tensor(counted.astype(float))
    Qt = torch.tensor(Q)
    Qs = ((1 - a) * Qt + a / C) * cm[:, None]
    divide = it == 'probabilities' and (req.get('renormalize', False) or compat == 'keras')
    if it == 'logits':
        logp = F.log_softmax(X, dim=1)
        P = torch.exp(logp)
        t = -torch.expm1(logp)
    elif it == 'log-probabilities':
        logp = X
        P = torch.exp(X)
        t = -torch.expm1(X)
    else:
        P = X / X.sum(dim=1, keepdim=True) if divide else X
        if compat == 'torch':
            logp = torch.clamp(safe_log(P), min=-100)
            t = 1 - P
        else:
            lo = eps if compat == 'sklearn' else 1e-7
            Pc = torch.clamp(P, lo, 1 - lo)
            logp = torch.log(Pc)
            t = 1 - (Pc if compat == 'keras' else P)
    w = torch.tensor([float(v) for v in req.get('classWeights', [1.0] * C)], dtype=torch.float64)
    if focal:
        al = req.get('alpha')
        ac = torch.ones(C) if al is None else (torch.tensor([float(v) for v in al]) if isinstance(al, list) else torch.full((C,), float(al)))
        terms = ac * Qs * SafePow.apply(t, float(req.get('gamma', 2.0))) * logp
    else:
        terms = w * Qs * logp
    losses = -s * terms.sum(dim=1)
    sn = s.numpy()
    if uses_labels and not focal:
        wn = w.numpy()
        Wi = np.array([sn[i] * wn[lab[i]] if counted[i] else 0.0 for i in range(N)])
    else:
        Wi = np.where(counted, sn, 0.0)
    ws = math.fsum(Wi.tolist())
    red = req.get('reduction', 'mean')
    grads = reduce_and_grad(X, losses, ws, red)
    L = losses.detach().numpy()
    total = math.fsum(L.tolist())
    exp = {'count': int(counted.sum()), 'weightSum': ws, 'sum': total, 'mean': total / ws if ws > 0 else None,
           'losses': L.tolist(), 'gradients': grads.tolist()}
    Xn = np.array(preds, dtype=float)
    with torch.no_grad():
        Pn = P.detach().numpy().copy()
        lpn = logp.detach().numpy().copy()
    V = Pn if it == 'probabilities' else Xn   # values as given (after any row division)
    ctx = {'kind': 'categorical', 'N': N, 'C': C, 'counted': counted, 's': sn, 'W': Wi, 'losses': L,
           'V': V, 'P': Pn, 'q': Q, 'qs': Qs.numpy(), 'logp': lpn, 'truth': truth, 'it': it}
    # library cross-checks
    alts = []
    unweighted = 'sampleWeights' not in req or all(v == 1 for v in req['sampleWeights'])
    if not focal and unweighted and ws > 0:
        inp = None
        if it == 'logits':
            inp = torch.tensor(Xn)
        elif it == 'log-probabilities' and np.all(np.abs(np.exp(Xn).sum(axis=1) - 1) < 1e-14):
            inp = torch.tensor(Xn)
        elif (compat == 'torch' and not divide and (Pn > 0).all()
              and np.all(np.abs(Pn.sum(axis=1) - 1) < 1e-14)):
            inp = torch.log(torch.tensor(Pn))
        if inp is not None:
            kw = {'weight': w, 'label_smoothing': a}
            if uses_labels:
                tgt = torch.tensor(lab)
                if req.get('ignoreIndex') is not None:
                    kw['ignore_index'] = req['ignoreIndex']
                ref = F.cross_entropy(inp, tgt, **kw)
            else:
                ref = F.cross_entropy(inp, torch.tensor(Q), **kw)
            alts.append(('F.cross_entropy', '/mean', float(ref), ATOL))
    if (not focal and uses_labels and it == 'probabilities' and compat == 'sklearn' and not divide
            and 'classWeights' not in req and a == 0 and counted.all() and ws > 0
            and np.all(np.abs(Xn.sum(axis=1) - 1) < 1e-14)   # log_loss divides rows by their sum
            and Xn.min() >= (eps if 'epsilon' in req else EPS64)):   # ... after clipping them
        ll = skm.log_loss(lab, Xn, sample_weight=sn, labels=list(range(C)), eps=eps if 'epsilon' in req else 'auto')
        alts.append(('sklearn.log_loss', '/mean', float(ll), 1e-12))
    return exp, ctx, alts


def moments(L, W, n):
    ws = math.fsum(W)
    mean = math.fsum(L) / ws if ws > 0 else None
    m = mean if mean is not None else 0.0
    r = [l - m * w for l, w in zip(L, W)]
    m2 = math.fsum(x * x for x in r)
    cross = math.fsum(x * w for x, w in zip(r, W))
    wsq = math.fsum(w * w for w in W)
    scale = [abs(l) + abs(m * w) for l, w in zip(L, W)]
    at_m2 = 1e-12 * math.fsum(x * x for x in scale) + 1e-300
    at_cross = 1e-12 * math.fsum(x * abs(w) for x, w in zip(scale, W)) + 1e-300
    out = {'n': n, 'mean': mean, 'm2': Tol(m2, at_m2), 'cross': Tol(cross, at_cross), 'weightSquares': wsq}
    if n >= 2 and ws > 0:
        f = math.sqrt(n / (n - 1)) / ws
        se = f * math.sqrt(m2)
        at_se = f * (math.sqrt(m2 + at_m2) - math.sqrt(max(m2 - at_m2, 0.0))) + ATOL
        out['stderr'] = Tol(se, at_se)
        at_ci = at_se * Z95 + max(ATOL, RTOL * abs(mean))
        out['ci95'] = [Tol(mean - Z95 * se, at_ci), Tol(mean + Z95 * se, at_ci)]
    else:
        out['stderr'] = None
        out['ci95'] = None
    return out, ws, mean


def ratio(a, b):
    return a / b if b > 0 else None


def accuracy_of(ctx, idx, topk):
    s = ctx['s']
    if ctx['kind'] in ('binary', 'multilabel'):
        dec = (ctx['X'] >= 0) if ctx['it'] == 'logits' else (ctx['X'] >= 0.5)
        right = dec == (ctx['y'] >= 0.5)
        K = ctx['K']
        correct = math.fsum(s[i] * float(right[i].sum()) for i in idx)
        weight = math.fsum(s[i] * K for i in idx)
        out = {'correct': correct, 'weight': weight, 'accuracy': ratio(correct, weight)}
        out['topK'] = ABSENT
        if ctx['kind'] != 'multilabel':
            out['exactMatch'] = ABSENT
        if ctx['kind'] == 'multilabel':
            c2 = math.fsum(s[i] for i in idx if right[i].all())
            w2 = math.fsum(s[i] for i in idx)
            out['exactMatch'] = {'correct': c2, 'weight': w2, 'accuracy': ratio(c2, w2)}
        return out
    V, truth = ctx['V'], ctx['truth']
    pred = [int(np.argmax(V[i])) for i in range(ctx['N'])]
    correct = math.fsum(s[i] for i in idx if pred[i] == truth[i])
    weight = math.fsum(s[i] for i in idx)
    out = {'correct': correct, 'weight': weight, 'accuracy': ratio(correct, weight)}
    out['exactMatch'] = ABSENT
    out['topK'] = ABSENT
    if topk is not None:
        def in_top(i):
            v, t = V[i], truth[i]
            rank = int(np.sum(v > v[t])) + int(np.sum(v[:t] == v[t]))
            return rank < topk
        c3 = math.fsum(s[i] for i in idx if in_top(i))
        out['topK'] = {'k': topk, 'correct': c3, 'weight': weight, 'accuracy': ratio(c3, weight)}
    return out


def ref_summaries(endpoint, req, ctx, exp):
    N, counted, s, W, L = ctx['N'], ctx['counted'], ctx['s'], ctx['W'], ctx['losses']
    idx = [i for i in range(N) if counted[i]]
    out = {}
    kind = ctx['kind']
    topk = None
    if kind == 'categorical':
        topk = req.get('topK', 5 if ctx['C'] > 5 else None)
    for name in req['summaries']:
        if name == 'stderr':
            m, _, _ = moments([L[i] for i in idx], [W[i] for i in idx], len(idx))
            out['stderr'] = m
        elif name == 'accuracy':
            out['accuracy'] = accuracy_of(ctx, idx, topk)
        elif name == 'calibration':
            B = req.get('calibrationBins', 15)
            bw, bc, ba = [[] for _ in range(B)], [[] for _ in range(B)], [[] for _ in range(B)]
            brier = []
            for i in idx:
                if kind == 'categorical':
                    P = ctx['P'][i]
                    j = int(np.argmax(P))
                    elems = [(float(P[j]), float(ctx['q'][i][j]))]
                    brier.append(s[i] * float(np.sum((P - ctx['q'][i]) ** 2)))
                else:
                    elems = [(float(ctx['p'][i][k]), float(ctx['y'][i][k])) for k in range(ctx['K'])]
                    brier += [s[i] * (c - y) ** 2 for c, y in elems]
                for c, y in elems:
                    b = min(int(math.floor(c * B)), B - 1)
                    bw[b].append(s[i])
                    bc[b].append(s[i] * c)
                    ba[b].append(s[i] * y)
            edges = set()
            for i in idx:
                cs = [float(np.max(ctx['P'][i]))] if kind == 'categorical' else [float(v) for v in ctx['p'][i]]
                for c in cs:
                    r = round(c * B)
                    if 0 < r < B and abs(c * B - r) < 1e-9 and c * B != r:
                        edges.add(r)
            bins, gap_sum, gap_scale, tw, mce, mce_at = [], [], [], 0.0, None, ATOL
            for b in range(B):
                w_, c_, a_ = math.fsum(bw[b]), math.fsum(bc[b]), math.fsum(ba[b])
                bins.append({'lower': b / B, 'upper': (b + 1) / B, 'weight': w_, 'sumConfidence': c_,
                             'sumAccuracy': a_})
                gap_sum.append(abs(a_ - c_))
                gap_scale.append(c_ + a_)
                tw += w_
                if w_ > 0:
                    g = abs(a_ - c_) / w_
                    if mce is None or g > mce:
                        mce, mce_at = g, 1e-12 * (c_ + a_) / w_ + ATOL
            tw = math.fsum([math.fsum(x) for x in bw])
            ece = Tol(math.fsum(gap_sum) / tw, 1e-12 * math.fsum(gap_scale) / tw + ATOL) if tw > 0 else None
            bsum = math.fsum(brier)
            out['calibration'] = {'bins': bins, 'ece': ece, 'mce': Tol(mce, mce_at) if mce is not None else None,
                                  'brier': ratio(bsum, tw), 'brierSum': bsum}
            if edges:
                out['calibration'] = CalibSpec(out['calibration'], edges)
        elif name == 'worst':
            out['worst'] = WorstSpec(L.tolist(), counted, req.get('indexOffset', 0), req.get('worstK', 10))
        elif name == 'groups':
            groups = req['groups']
            order, members = [], {}
            for i, g in enumerate(groups):
                key = str(g)
                if key not in members:
                    order.append(key)
                    members[key] = []
                members[key].append(i)
            gd = {}
            for key in order:
                gi = [i for i in members[key] if counted[i]]
                m, ws, mean = moments([L[i] for i in gi], [W[i] for i in gi], len(gi))
                e = {'count': len(gi), 'weightSum': ws, 'sum': math.fsum(L[i] for i in gi), 'mean': mean}
                e.update({k: m[k] for k in ('m2', 'cross', 'weightSquares', 'stderr', 'ci95')})
                e['accuracy'] = accuracy_of(ctx, gi, topk) if 'accuracy' in req['summaries'] else ABSENT
                gd[key] = e
            out['groups'] = Ordered(gd)
        elif name == 'divergence':
            kls, hs, sc = [], [], []
            for i in idx:
                if kind == 'categorical':
                    qs, lp = ctx['qs'][i], ctx['logp'][i]
                    kl = math.fsum((xlogx(qs) - np.where(qs > 0, qs * lp, 0.0)).tolist())
                    h = -math.fsum(xlogx(qs).tolist())
                    mag = float(np.sum(np.abs(xlogx(qs))) + np.sum(np.abs(np.where(qs > 0, qs * lp, 0.0))))
                else:
                    ys, lp, l1 = ctx['ys'][i], ctx['logp'][i], ctx['log1mp'][i]
                    pe = xlogx(ys) + xlogx(1 - ys) - np.where(ys > 0, ys * lp, 0.0) - np.where(ys < 1, (1 - ys) * l1, 0.0)
                    kl = math.fsum(pe.tolist()) / ctx['K']
                    h = -math.fsum((xlogx(ys) + xlogx(1 - ys)).tolist()) / ctx['K']
                    mag = float(np.sum(np.abs(xlogx(ys)) + np.abs(xlogx(1 - ys)) + np.abs(ys * lp)
                                       + np.abs((1 - ys) * l1))) / ctx['K']
                kls.append(s[i] * kl)
                hs.append(s[i] * h)
                sc.append(s[i] * mag)
            sw = math.fsum(s[i] for i in idx)
            if sw > 0:
                at = 1e-12 * math.fsum(sc) / sw + ATOL
                out['divergence'] = {'entropy': Tol(math.fsum(hs) / sw, at), 'kl': Tol(math.fsum(kls) / sw, at)}
            else:
                out['divergence'] = {'entropy': None, 'kl': None}
        elif name == 'perplexity':
            mean = exp['mean']
            if mean is None:
                out['perplexity'] = {'perplexity': None, 'bitsPerSample': None}
            else:
                out['perplexity'] = {'perplexity': math.exp(mean) if mean <= 709.78 else None,
                                     'bitsPerSample': mean / math.log(2)}
    for name in SUMMARIES:
        if name not in out:
            out[name] = ABSENT
    return Ordered(out)


def summary_library_checks(endpoint, req, ctx):
    """sklearn / F.kl_div cross-checks of the summaries where they apply."""
    alts = []
    names = req['summaries']
    kind, N, counted, s = ctx['kind'], ctx['N'], ctx['counted'], ctx['s']
    idx = [i for i in range(N) if counted[i]]
    if not idx or math.fsum(s[i] for i in idx) <= 0:
        return alts
    si = s[idx]
    if 'accuracy' in names:
        if kind == 'categorical':
            pred = np.argmax(ctx['V'][idx], axis=1)
            alts.append(('sklearn.accuracy_score', '/summaries/accuracy/accuracy',
                         float(skm.accuracy_score(ctx['truth'][idx], pred, sample_weight=si)), ATOL))
            k = req.get('topK', 5 if ctx['C'] > 5 else None)
            V = ctx['V'][idx]
            no_ties = all(len(set(r.tolist())) == len(r) for r in V)
            if k is not None and ctx['C'] > 2 and no_ties:
                alts.append(('sklearn.top_k_accuracy_score', '/summaries/accuracy/topK/accuracy',
                             float(skm.top_k_accuracy_score(ctx['truth'][idx], V, k=k, sample_weight=si,
                                                            labels=list(range(ctx['C'])))), ATOL))
        else:
            dec = (ctx['X'] >= 0) if ctx['it'] == 'logits' else (ctx['X'] >= 0.5)
            tru = ctx['y'] >= 0.5
            K = ctx['K']
            alts.append(('sklearn.accuracy_score', '/summaries/accuracy/accuracy',
                         float(skm.accuracy_score(tru.ravel(), dec.ravel(), sample_weight=np.repeat(s, K))), ATOL))
            if kind == 'multilabel':
                alts.append(('sklearn.accuracy_score(subset)', '/summaries/accuracy/exactMatch/accuracy',
                             float(skm.accuracy_score(tru.astype(int), dec.astype(int), sample_weight=s)), ATOL))
    if 'calibration' in names and kind != 'categorical':
        y = ctx['y']
        if np.all((y == 0) | (y == 1)) and len(np.unique(y)) == 2:
            alts.append(('sklearn.brier_score_loss', '/summaries/calibration/brier',
                         float(skm.brier_score_loss(y.ravel(), ctx['p'].ravel(),
                                                    sample_weight=np.repeat(s, ctx['K']))), ATOL))
    if 'divergence' in names and np.all(s == 1) and counted.all():
        if kind == 'categorical':
            kl = F.kl_div(torch.tensor(ctx['logp']), torch.tensor(ctx['qs']), reduction='batchmean')
        else:
            lp = torch.tensor(np.stack([ctx['logp'], ctx['log1mp']], -1))
            qq = torch.tensor(np.stack([ctx['ys'], 1 - ctx['ys']], -1))
            kl = F.kl_div(lp, qq, reduction='sum') / (N * ctx['K'])
        alts.append(('F.kl_div(batchmean)', '/summaries/divergence/kl', float(kl), 1e-11))
    return alts


def get_path(doc, path):
    cur = doc
    for part in path.strip('/').split('/'):
        if isinstance(cur, list):
            cur = cur[int(part)]
        elif isinstance(cur, dict):
            if part not in cur:
                return '<missing>'
            cur = cur[part]
        else:
            return '<missing>'
    return cur


# ----------------------------------------------------------------------------- random requests

def softmax_rows(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def log_softmax_rows(Z):
    m = Z.max(axis=1, keepdims=True)
    return Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))


PROB_EDGES = [0.0, 1.0, 0.5, 1e-17, 1e-300, 1 - 1e-16, 1e-9, 1 - 1e-9, 0.2, 0.4, 0.6, 0.8, 0.1, 0.3, 5e-324, 1e-5]
LOGIT_EDGES = [0.0, 40.0, -40.0, 800.0, -800.0, 1e-3, 37.5, -37.5, 1e5, -1e5, 20.0, -20.0]
STR_GROUPS = ['en', 'de', 'fr', '', '日本語', 'a b', 'x"y', 'ü']
INT_GROUPS = [0, 1, -3, 42, 2 ** 40, -(2 ** 31), 7]


def bernoulli_fields(req, rng, kind, P, Y, hard, focal, compat, it, K, weighting, smoothing, smoothings):
    """A binary or multi-label request's predictions and labels (N x K arrays), and at random
    its posWeight and classWeights (cross-entropy only; each with probability `weighting`) and
    labelSmoothing (probability `smoothing`, from `smoothings` or uniform in [0, 0.99))."""
    tolist = (lambda v: int(v)) if hard else float
    if kind == 'binary':
        req['predictions'] = [float(v) for v in P[:, 0]]
        req['labels'] = [tolist(v) for v in Y[:, 0]]
    else:
        req['predictions'] = [[float(v) for v in r] for r in P]
        req['labels'] = [[tolist(v) for v in r] for r in Y]
    if not focal and rng.random() < weighting and not (compat == 'torch' and it == 'probabilities'):
        if kind == 'multilabel' and rng.random() < 0.5:
            req['posWeight'] = [round(rng.uniform(0.2, 3), 3) for _ in range(K)]
        else:
            req['posWeight'] = round(rng.uniform(0.2, 3), 4)
    if not focal and kind == 'multilabel' and rng.random() < weighting:
        req['classWeights'] = [rng.choice([0.0, 0.5, 1.0, 2.5, round(rng.uniform(0, 3), 3)]) for _ in range(K)]
    if rng.random() < smoothing:
        req['labelSmoothing'] = rng.choice(smoothings + [round(rng.random() * 0.99, 4)])


def edge_rows(Z, rng, count, kinds):
    """Rewrites `count` random rows of the logits Z into edge cases: exact ties for the
    largest, one huge logit, a large offset, all equal, a one-hot row, one with a zero."""
    N, C = Z.shape
    for _ in range(count):
        i = rng.randrange(N)
        e = rng.choice(kinds)
        if e == 'tie':
            Z[i, :] = np.round(Z[i, :])
            Z[i, rng.randrange(C)] = Z[i, 0]
        elif e == 'big':
            Z[i, rng.randrange(C)] += 800
        elif e == 'offset':
            Z[i, :] += rng.choice([50.0, -1000.0])
        elif e == 'uniform':
            Z[i, :] = 0.0
        else:
            if e == 'onehot':
                Z[i, :] = -1e4
            Z[i, rng.randrange(C)] = 0.0
            if e == 'zero':
                Z[i, rng.randrange(C)] = -1e4


def categorical_predictions(Z, it, divide, rng, nr, zero):
    """The predictions of an input type from logits Z: Z itself, log-softmax, or
    probabilities, either softmax rows or (where the request divides) unnormalised positive
    rows, one entry set to 0 when `zero`."""
    N, C = Z.shape
    if it == 'logits':
        return Z
    if it == 'log-probabilities':
        return np.maximum(log_softmax_rows(Z), -1e4)
    if divide and rng.random() < 0.6:
        P = np.abs(nr.normal(0, 1, (N, C))) * rng.choice([1.0, 3.0, 0.01])
        if zero:
            P[rng.randrange(N), rng.randrange(C)] = 0.0
        for i in range(N):
            if P[i].sum() <= 0:
                P[i, 0] = 1.0
        return P
    P = softmax_rows(Z)
    P[P < 1e-300] = 0.0
    return P


def gen_case(rng, endpoint=None):
    endpoint = endpoint or rng.choice(ENDPOINTS)
    fam, kind = endpoint.split('/')
    focal = fam == 'focal'
    nr = np.random.default_rng(rng.getrandbits(32))
    N = rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 25, 40])
    wide = rng.random() < 0.03 and kind != 'binary'
    if wide:
        N = rng.randint(1, 3)
    elif rng.random() < 0.07:
        N = rng.choice([129, 300, 513, 1100])
    req = {}
    it = rng.choice(['probabilities', 'logits'] + (['log-probabilities'] if kind == 'categorical' else []))
    if it != 'probabilities' or rng.random() < 0.3:
        req['inputType'] = it
    compat = rng.choice([None, None, None, 'sklearn', 'keras', 'torch'])
    if compat:
        req['compat'] = compat
    edge = rng.random() < 0.5
    if kind in ('binary', 'multilabel'):
        K = (rng.choice([3000, 9000]) if wide else rng.randint(1, 4)) if kind == 'multilabel' else 1
        if it == 'logits':
            P = nr.normal(0, 3, (N, K))
            edges = LOGIT_EDGES
        else:
            P = nr.random((N, K))
            edges = PROB_EDGES
        if edge:
            for _ in range(rng.randint(1, max(1, N * K // 3))):
                P[rng.randrange(N), rng.randrange(K)] = rng.choice(edges)
        if rng.random() < 0.5:
            Y = nr.integers(0, 2, (N, K)).astype(float)
            hard = True
        else:
            Y = nr.random((N, K))
            if edge:
                Y[rng.randrange(N), rng.randrange(K)] = rng.choice([0.0, 1.0, 0.5])
            hard = False
        if rng.random() < 0.15 and N >= 3:   # duplicated rows: exact ties for worst
            for _ in range(2):
                i, j = rng.randrange(N), rng.randrange(N)
                P[j], Y[j] = P[i], Y[i]
        bernoulli_fields(req, rng, kind, P, Y, hard, focal, compat, it, K, weighting=0.25, smoothing=0.25,
                         smoothings=[0.0, 0.1, 0.2])
    else:
        C = rng.choice([1000, 9000]) if wide else rng.choice([2, 3, 4, 5, 6, 7, 9])
        divide = False
        if it == 'probabilities' and compat != 'keras' and rng.random() < 0.25:
            req['renormalize'] = rng.random() < 0.8
            divide = req['renormalize']
        divide = divide or (it == 'probabilities' and compat == 'keras')
        Z = nr.normal(0, 2, (N, C))
        if edge:
            edge_rows(Z, rng, rng.randint(1, max(1, N // 3)), ['tie', 'big', 'offset', 'onehot', 'zero', 'uniform'])
        P = categorical_predictions(Z, it, divide, rng, nr, zero=edge)
        req['predictions'] = [[float(v) for v in r] for r in P]
        if rng.random() < 0.65:
            lab = [rng.randrange(C) for _ in range(N)]
            if rng.random() < 0.25:
                ign = rng.choice([-100, -1, rng.randrange(C)])
                req['ignoreIndex'] = ign
                if ign < 0:
                    for _ in range(rng.randint(0, max(1, N // 2))):
                        lab[rng.randrange(N)] = ign
            req['labels'] = lab
        else:
            kindt = rng.choice(['soft', 'onehot', 'uniform'])
            if kindt == 'soft':
                T = softmax_rows(nr.normal(0, 1.5, (N, C)))
            elif kindt == 'onehot':
                T = np.eye(C)[nr.integers(0, C, N)]
            else:
                T = np.full((N, C), 1.0 / C)
            req['targets'] = [[float(v) for v in r] for r in T]
        if not focal and rng.random() < 0.3:
            req['classWeights'] = [rng.choice([0.0, 0.5, 1.0, 2.0, round(rng.uniform(0, 3), 3)]) for _ in range(C)]
        if rng.random() < 0.25:
            req['labelSmoothing'] = rng.choice([0.0, 0.1, 1.0, round(rng.random(), 4)])
    if rng.random() < 0.15:   # float32-exact predictions: Arrow may send them as float32
        P = np.array(req['predictions'], dtype=np.float32).astype(float)
        if np.all(np.isfinite(P)):
            req['predictions'] = P.tolist()
    if focal:
        if rng.random() < 0.75:
            req['gamma'] = rng.choice([0.0, 0.0, 0.5, 1.0, 2.0, 3.7, 0.25])
        if rng.random() < 0.4:
            if kind == 'categorical' and rng.random() < 0.5:
                req['alpha'] = [rng.choice([0.0, 0.25, 1.0, round(rng.uniform(0, 2), 3)]) for _ in range(len(req['predictions'][0]))]
            elif kind == 'categorical':
                req['alpha'] = round(rng.uniform(0, 2), 3)
            else:
                req['alpha'] = rng.choice([0.25, 0.0, 1.0, round(rng.random(), 3)])
    if req.get('inputType', 'probabilities') == 'probabilities' and not compat and rng.random() < 0.2:
        flat = np.ravel(req['predictions'])
        interior = flat.min() >= 1e-300 and flat.max() < 1   # 5e-324 with epsilon 0: gradient -1/p overflows
        req['epsilon'] = rng.choice([1e-7, 1e-3, 0.01, 0.3, 1e-15] + ([0.0] if interior else []))
    if rng.random() < 0.35:
        sw = [rng.choice([0.0, 1.0, 0.5, round(rng.uniform(0, 3), 4), round(rng.uniform(0, 3), 4)]) for _ in range(N)]
        if rng.random() < 0.08:
            sw = [0.0] * N
        req['sampleWeights'] = sw
    r = rng.random()
    if r < 0.2:
        req['reduction'] = 'sum'
    elif r < 0.4:
        req['reduction'] = 'none'
    elif r < 0.5:
        req['reduction'] = 'mean'
    for k in ('includeLosses', 'includeGradients'):
        r = rng.random()
        if r < 0.12:
            req[k] = False
        elif r < 0.2:
            req[k] = True
    # summaries
    if rng.random() < 0.8:
        allowed = [x for x in SUMMARIES if not (x == 'perplexity' and focal)
                   and not (x == 'divergence' and any(k in req for k in ('classWeights', 'posWeight', 'alpha')))]
        names = rng.sample(allowed, rng.randint(1, len(allowed)))
        req['summaries'] = names
        if 'accuracy' in names and kind == 'categorical' and rng.random() < 0.4 and len(req['predictions'][0]) > 2:
            req['topK'] = rng.randint(1, len(req['predictions'][0]) - 1)
        if 'calibration' in names and rng.random() < 0.4:
            req['calibrationBins'] = rng.choice([2, 3, 5, 7, 10, 15, 20, 1000])
        if 'worst' in names:
            if rng.random() < 0.4:
                req['worstK'] = rng.choice([1, 2, 3, min(N, 1000), min(N + 5, 1000), 1000])
            if rng.random() < 0.3:
                req['indexOffset'] = rng.choice([0, 1000, 2 ** 53 - 1 - N, 2 ** 53 - 1])
    if (req.get('summaries') and 'groups' in req['summaries']) or rng.random() < 0.15:
        pool = rng.sample(STR_GROUPS if rng.random() < 0.5 else INT_GROUPS, rng.randint(1, 4))
        req['groups'] = [rng.choice(pool) for _ in range(N)]
    return endpoint, req


def directed_cases():
    """Edges that random generation reaches rarely; run before the random cases."""
    allsum = ['stderr', 'accuracy', 'calibration', 'worst', 'groups', 'divergence', 'perplexity']
    return [
        ('cross-entropy/binary', {'predictions': [0.2, 0.9, 0.5], 'labels': [0, 1, 1], 'sampleWeights': [0, 0, 0],
                                  'groups': ['a', 'b', 'a'], 'summaries': allsum}),
        ('cross-entropy/categorical', {'predictions': [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.3, 0.4]],
                                       'labels': [-100, 2, -100], 'ignoreIndex': -100, 'groups': [5, 6, 5],
                                       'summaries': allsum}),
        ('cross-entropy/binary', {'inputType': 'logits', 'predictions': [-1e5, 3.0], 'labels': [1, 1],
                                  'summaries': ['perplexity', 'stderr', 'worst']}),
        ('cross-entropy/binary', {'predictions': [1.0, 0.0, 0.5, 0.2, 0.4], 'labels': [1, 0, 1, 0, 1],
                                  'summaries': ['calibration', 'accuracy'], 'calibrationBins': 5}),
        ('cross-entropy/multilabel', {'predictions': [[0.3, 0.3], [0.3, 0.3], [0.9, 0.1]],
                                      'labels': [[1, 0], [1, 0], [0, 0]], 'summaries': ['worst', 'groups', 'accuracy'],
                                      'groups': ['x', 'x', 'y'], 'worstK': 2, 'indexOffset': 7}),
        ('focal/binary', {'predictions': [1.0, 0.0, 0.3], 'labels': [1, 0, 1], 'gamma': 0.5}),
        ('focal/binary', {'inputType': 'logits', 'predictions': [800.0, -800.0, 40.0], 'labels': [1, 0, 1], 'gamma': 0.5}),
        ('focal/categorical', {'predictions': [[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]], 'labels': [1, 0], 'compat': 'torch',
                               'labelSmoothing': 0.1, 'gamma': 2.0}),
        ('focal/categorical', {'inputType': 'log-probabilities', 'predictions': [[0.0, -1e4, -1e4]], 'labels': [0],
                               'gamma': 0.25, 'summaries': ['divergence']}),
        ('cross-entropy/categorical', {'predictions': [[2.0, 1.0, 1.0], [0.2, 0.2, 0.2]], 'labels': [0, 1],
                                       'compat': 'keras', 'summaries': ['calibration', 'accuracy', 'divergence']}),
        ('cross-entropy/categorical', {'inputType': 'logits', 'predictions': [[1.0, 1.0, 0.5, 0.0, 0.0, 0.0]],
                                       'labels': [1], 'summaries': ['accuracy'], 'topK': 1}),
        ('cross-entropy/categorical', {'inputType': 'logits', 'predictions': [[1.0, 1.0, 0.5, 0.0, 0.0, 0.0, 3.0]],
                                       'labels': [1], 'summaries': ['accuracy', 'groups'], 'groups': [1]}),
        ('cross-entropy/binary', {'predictions': [0.9, 0.2, 0.65, 0.4, 0.8, 0.1], 'labels': [1, 0, 1, 1, 0, 0],
                                  'groups': ['en', 'en', 'de', 'de', 'fr', 'fr'], 'summaries': allsum,
                                  'calibrationBins': 5, 'worstK': 3}),
    ]


# ----------------------------------------------------------------------------- formats

def fmt_query_value(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, list):
        if v and isinstance(v[0], str):
            return ','.join(v)
        return ','.join(json.dumps(x) for x in v)
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return str(v)


def query_of(req, drop=('includeLosses', 'includeGradients')):
    items = [(k, fmt_query_value(v)) for k, v in req.items() if k not in COLUMNS and k not in drop]
    return '&'.join('%s=%s' % (k, urllib.parse.quote(v, safe=',')) for k, v in items)


def jsonl_body(req, rng):
    N = len(req['predictions'])
    lines = []
    for i in range(N):
        rec = {'prediction': req['predictions'][i]}
        if 'labels' in req:
            rec['label'] = req['labels'][i]
        if 'targets' in req:
            rec['target'] = req['targets'][i]
        if 'sampleWeights' in req:
            rec['sampleWeight'] = req['sampleWeights'][i]
        if 'groups' in req:
            rec['group'] = req['groups'][i]
        keys = list(rec)
        rng.shuffle(keys)
        lines.append(json.dumps({k: rec[k] for k in keys}))
        if rng.random() < 0.1:
            lines.append('')
    return ('\n'.join(lines) + ('\n' if rng.random() < 0.7 else '')).encode()


def arrow_body(endpoint, req, rng, chunk=None):
    kind = endpoint.split('/')[1]
    N = len(req['predictions'])
    cols, names = [], []

    def listcol(rows, inner):
        width = len(rows[0])
        if rng.random() < 0.5:
            return pa.array(rows, type=pa.list_(inner, width))
        return pa.array(rows, type=pa.list_(inner))

    flat = np.ravel(np.array(req['predictions'], dtype=float))
    f32 = bool(np.all(flat.astype(np.float32).astype(float) == flat)) and rng.random() < 0.7
    ptype = pa.float32() if f32 else pa.float64()
    if kind == 'binary':
        cols.append(pa.array(req['predictions'], type=ptype))
    else:
        cols.append(listcol(req['predictions'], ptype))
    names.append('predictions')
    if 'labels' in req:
        labs = req['labels']
        if kind == 'categorical':
            cols.append(pa.array(labs, type=rng.choice([pa.int64(), pa.int32(), pa.int16()])))
        else:
            flat = np.ravel(labs)
            ints = all(isinstance(v, int) for v in flat)
            t = rng.choice([pa.int8(), pa.int64(), pa.float64()]) if ints else pa.float64()
            if kind == 'binary':
                cols.append(pa.array(labs, type=t))
            else:
                cols.append(listcol(labs, t))
        names.append('labels')
    if 'targets' in req:
        cols.append(listcol(req['targets'], pa.float64()))
        names.append('targets')
    if 'sampleWeights' in req:
        cols.append(pa.array([float(v) for v in req['sampleWeights']], type=pa.float64()))
        names.append('sampleWeights')
    if 'groups' in req:
        g = req['groups']
        if isinstance(g[0], str):
            t = rng.choice(['utf8', 'large', 'dict'])
            if t == 'dict':
                cols.append(pa.array(g, type=pa.string()).dictionary_encode())
            else:
                cols.append(pa.array(g, type=pa.string() if t == 'utf8' else pa.large_string()))
        else:
            fits32 = all(-2 ** 31 <= v < 2 ** 31 for v in g)
            cols.append(pa.array(g, type=rng.choice([pa.int64(), pa.int32()]) if fits32 else pa.int64()))
        names.append('groups')
    if rng.random() < 0.2:
        cols.append(pa.array(list(range(N)), type=pa.int64()))
        names.append('__index_level_0__')
    order = list(range(len(cols)))
    rng.shuffle(order)
    table = pa.table([cols[i] for i in order], names=[names[i] for i in order])
    sink = io.BytesIO()
    comp = rng.choice([None, None, 'lz4', 'zstd'])
    opts = paipc.IpcWriteOptions(compression=comp)
    with paipc.new_stream(sink, table.schema, options=opts) as w:
        w.write_table(table, max_chunksize=chunk or rng.randint(1, max(1, N)))
    return sink.getvalue(), comp


def read_arrow_answer(data):
    reader = paipc.open_stream(pa.BufferReader(data))
    t = reader.read_all()
    meta = json.loads(t.schema.metadata[b'xent'].decode()) if t.schema.metadata and b'xent' in t.schema.metadata else None
    return t, meta


# ----------------------------------------------------------------------------- the checks

class Runner:
    def __init__(self, svc, rng, args):
        self.svc, self.rng, self.args = svc, rng, args
        self.passed = {}
        self.failed = {}
        self.mismatches = []   # dicts
        self.shrunk_keys = set()

    def tally(self, kind, ok):
        d = self.passed if ok else self.failed
        d[kind] = d.get(kind, 0) + 1

    # -- reference
    def reference_mismatches(self, endpoint, req):
        st, hd, data = self.svc.json(endpoint, req)
        if st != 200:
            return [('reference', status_path(st, data), '%d %s' % (st, data[:300].decode('utf-8', 'replace')), 200)], None
        got = parse_json(data)
        exp, ctx, alts = reference(endpoint, req)
        self.last_alts = len(alts)
        if 'summaries' in exp and isinstance(exp['summaries'].d.get('worst'), WorstSpec) and 'losses' in got:
            exp['summaries'].d['worst'].svc_losses = got['losses']
        out = []
        compare(got, exp, '', out)
        res = [('reference', p, g, w) for p, g, w in out]
        for src, path, val, atol in alts:
            g = get_path(got, path)
            if g == '<missing>':
                continue
            if g is None or not num_close(g, val, atol):
                res.append(('library:' + src, path, g, val))
        if 'losses' in got and got.get('sum') is not None:
            fs = math.fsum(got['losses'])
            if abs(fs - got['sum']) > 1e-12 * abs(got['sum']) + 1e-300:
                res.append(('self:sum-of-losses', '/sum', got['sum'], fs))
        return res, got

    # -- formats
    def same_as_json(self, endpoint, body, ctype, q, agg, status_kind, diff_kind, status_at='', diff_at=''):
        """Posts a body in another format and holds its aggregates to the JSON answer's, bit
        for bit: a mismatch per differing value, or one for a status other than 200."""
        st, _, data = self.svc.post('/v1/' + endpoint, body, ctype, query=q)
        if st != 200:
            return [(status_kind, status_at + status_path(st, data), '%d %s' % (st, data[:300].decode('utf-8', 'replace')),
                     200)]
        out = []
        bits_identical(parse_json(data), agg, '', out)
        return [(diff_kind, diff_at + p, a, b) for p, a, b in out]

    def format_mismatches(self, endpoint, req, rng, base=None):
        res = []
        if base is None:
            st, _, data = self.svc.json(endpoint, req)
            if st != 200:
                return [('format', '<json status>', st, 200)]
            base = parse_json(data)
        agg = {k: v for k, v in base.items() if k not in ('losses', 'gradients')}
        q = query_of(req)
        if any(len(fmt_query_value(v)) > 1000 for k, v in req.items() if k not in COLUMNS):
            return res   # a query value over xent.limits.max-string-length (1000 characters) is a documented 400
        ctype = rng.choice(['application/x-ndjson', 'application/jsonl'])
        res += self.same_as_json(endpoint, jsonl_body(req, rng), ctype, q, agg, 'format:jsonl', 'format:jsonl-vs-json')
        if pa is not None:
            body, comp = arrow_body(endpoint, req, rng)
            res += self.same_as_json(endpoint, body, ARROW, q, agg, 'format:arrow(%s)' % comp, 'format:arrow-vs-json')
            # per-sample Arrow answers, JSON body and Arrow body, against the JSON answer
            jreq = {k: v for k, v in req.items() if k != 'includeLosses'}
            want_grad = req.get('includeGradients', True) is not False
            full = dict(req, includeLosses=True)
            st0, _, d0 = self.svc.json(endpoint, full)
            fulljson = parse_json(d0) if st0 == 200 else None
            answers = [('json', self.svc.json(endpoint, jreq, accept=ARROW))]
            if rng.random() < 0.5:
                answers.append(('arrow', self.svc.post('/v1/' + endpoint, arrow_body(endpoint, req, rng)[0], ARROW,
                                                       query=query_of(req, drop=('includeLosses',)), accept=ARROW)))
            else:
                answers.append(('jsonl', self.svc.post('/v1/' + endpoint, jsonl_body(req, rng), 'application/x-ndjson',
                                                       query=query_of(req, drop=('includeLosses',)), accept=ARROW)))
            for fmt, (st, _, data) in answers:
                if st != 200 or fulljson is None:
                    res.append(('format:arrow-answer(%s body)' % fmt, '<status>', '%d %s' % (st, data[:300].decode('utf-8', 'replace')), 200))
                    continue
                t, meta = read_arrow_answer(data)
                out = []
                bits_identical(t.column('loss').to_pylist(), fulljson['losses'], '/loss', out)
                wref = share_weights(endpoint, req)
                compare(t.column('weight').to_pylist(), wref, '/weight', out)
                if want_grad:
                    if 'gradient' not in t.column_names:
                        out.append(('/gradient', '<missing>', '<column>'))
                    else:
                        bits_identical(t.column('gradient').to_pylist(), fulljson['gradients'], '/gradient', out)
                elif 'gradient' in t.column_names:
                    out.append(('/gradient', '<present>', '<absent with includeGradients false>'))
                bits_identical(meta, agg, '/<xent metadata>', out)
                res += [('format:arrow-answer(%s body)-vs-json' % fmt, p, a, b) for p, a, b in out]
        return res

    def equivalence_mismatches(self, endpoint, req, base):
        """focal gamma=0 == cross-entropy, compat sklearn == none: bit for bit."""
        res = []
        fam, kind = endpoint.split('/')
        if fam == 'focal' and req.get('gamma') == 0 and 'alpha' not in req:
            ce = {k: v for k, v in req.items() if k != 'gamma'}
            st, _, data = self.svc.json('cross-entropy/' + kind, ce)
            if st != 200:
                res.append(('equal:focal-gamma0-vs-ce', '<status>', st, 200))
            else:
                out = []
                bits_identical(base, parse_json(data), '', out)
                res += [('equal:focal-gamma0-vs-ce', p, a, b) for p, a, b in out]
        if 'compat' not in req and 'epsilon' not in req and self.rng.random() < 0.15:
            st, _, data = self.svc.json(endpoint, dict(req, compat='sklearn'))
            if st != 200:
                res.append(('equal:compat-sklearn-vs-none', '<status>', st, 200))
            else:
                out = []
                bits_identical(base, parse_json(data), '', out)
                res += [('equal:compat-sklearn-vs-none', p, a, b) for p, a, b in out]
        return res

    # -- shrinking
    @staticmethod
    def norm_key(endpoint, m):
        kind, path = m[0], m[1]
        p = re.sub(r'/\d+', '/*', path)
        p = re.sub(r'(/groups)/[^/]*', r'\1/*', p)
        return (endpoint, kind, p)

    def shrink(self, endpoint, req, key, check):
        budget = [self.args.shrink_budget]

        def still(r):
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            try:
                ms = check(endpoint, r)
            except Exception:
                return False
            return any(self.norm_key(endpoint, m) == key for m in ms)

        cur = copy.deepcopy(req)
        progress = True
        while progress and budget[0] > 0:
            progress = False
            for k in [k for k in list(cur) if k not in ('predictions', 'labels', 'targets')]:
                cand = {kk: vv for kk, vv in cur.items() if kk != k}
                if still(cand):
                    cur, progress = cand, True
            if cur.get('summaries') and len(cur['summaries']) > 1:
                for nm in list(cur['summaries']):
                    cand = dict(cur, summaries=[x for x in cur['summaries'] if x != nm])
                    if still(cand):
                        cur, progress = cand, True
            for nm in ('includeLosses', 'includeGradients'):
                if cur.get(nm, True) and budget[0] > 0:
                    cand = dict(cur, **{nm: False})
                    if still(cand):
                        cur, progress = cand, True
            N = len(cur['predictions'])
            size = max(1, N // 2)
            while size >= 1 and N > 1 and budget[0] > 0:
                start = N - size
                while start >= 0 and N > 1 and budget[0] > 0:
                    keep = [i for i in range(N) if not (start <= i < start + size)]
                    if keep:
                        cand = copy.deepcopy(cur)
                        for c in COLUMNS:
                            if c in cand:
                                cand[c] = [cand[c][i] for i in keep]
                        if still(cand):
                            cur, progress, N = cand, True, len(keep)
                    start -= size
                size //= 2
            if endpoint.endswith('multilabel'):
                K = len(cur['predictions'][0])
                j = K - 1
                while j >= 0 and K > 1 and budget[0] > 0:
                    cand = copy.deepcopy(cur)
                    for c in ('predictions', 'labels'):
                        for row in cand[c]:
                            del row[j]
                    for c in ('posWeight', 'classWeights'):
                        if isinstance(cand.get(c), list):
                            del cand[c][j]
                    if still(cand):
                        cur, progress, K = cand, True, K - 1
                    j -= 1
        return cur

    def record(self, endpoint, req, ms, check):
        seen = {}
        for m in ms:
            key = self.norm_key(endpoint, m)
            seen.setdefault(key, m)
        for key, m in seen.items():
            entry = {'key': key, 'kind': m[0], 'endpoint': endpoint, 'path': m[1], 'got': m[2], 'want': m[3],
                     'request': req, 'minimal': None}
            if key not in self.shrunk_keys and len(self.shrunk_keys) < self.args.max_shrinks and not self.args.no_shrink:
                self.shrunk_keys.add(key)
                small = self.shrink(endpoint, req, key, check)
                ms2 = [x for x in check(endpoint, small) if self.norm_key(endpoint, x) == key]
                if ms2:
                    entry['minimal'] = small
                    entry['path'], entry['got'], entry['want'] = ms2[0][1], ms2[0][2], ms2[0][3]
            self.mismatches.append(entry)

    def run_case(self, endpoint, req):
        base = None
        if torch is not None and not self.args.formats_only:
            ms, base = self.reference_mismatches(endpoint, req)
            self.tally('reference', not [m for m in ms if m[0] == 'reference'])
            if self.last_alts:
                self.tally('library', not [m for m in ms if m[0].startswith('library')])
            other = [m for m in ms if m[0].startswith('self')]
            self.tally('self-consistency', not other)
            if ms:
                self.record(endpoint, req, ms, lambda e, r: self.reference_mismatches(e, r)[0])
        if base is None:
            st, _, data = self.svc.json(endpoint, req)
            if st != 200:
                self.tally('valid-request-accepted', False)
                def chk(e, r):
                    st2, _, d2 = self.svc.json(e, r)
                    return [] if st2 == 200 else [('status', status_path(st2, d2), d2[:300].decode(), 200)]
                self.record(endpoint, req, [('status', status_path(st, data), '%d %s' % (st, data[:300].decode()), 200)], chk)
                return
            base = parse_json(data)
        if not self.args.no_formats:
            fr = random.Random(self.rng.getrandbits(32))
            ms = self.format_mismatches(endpoint, req, fr, base)
            self.tally('formats', not ms)
            if ms:
                self.record(endpoint, req, ms,
                            lambda e, r: self.format_mismatches(e, r, random.Random(0)))
        ms = self.equivalence_mismatches(endpoint, req, base)
        if ms:
            self.tally('equivalences', False)
            self.record(endpoint, req, ms, lambda e, r: self.equivalence_mismatches(e, r, parse_json(self.svc.json(e, r)[2])))
        elif endpoint.startswith('focal') and req.get('gamma') == 0 and 'alpha' not in req:
            self.tally('equivalences', True)


def status_path(st, data):
    try:
        errs = parse_json(data).get('errors') or [{}]
        ptr = errs[0].get('pointer')
    except Exception:
        ptr = None
    return '<status %d at %s>' % (st, ptr)


def share_weights(endpoint, req):
    N = len(req['predictions'])
    s = req.get('sampleWeights', [1.0] * N)
    fam, kind = endpoint.split('/')
    if kind == 'categorical' and 'labels' in req:
        ign = req.get('ignoreIndex')
        w = req.get('classWeights') if fam == 'cross-entropy' else None
        out = []
        for i, l in enumerate(req['labels']):
            if ign is not None and l == ign:
                out.append(0.0)
            else:
                out.append(float(s[i]) * (w[l] if w else 1.0))
        return out
    return [float(v) for v in s]


# ----------------------------------------------------------------------------- invalid inputs

def invalid_cases():
    b = {'predictions': [0.2, 0.7], 'labels': [0, 1]}
    c = {'predictions': [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]], 'labels': [0, 2]}
    J = 'application/json'
    L = 'application/x-ndjson'
    cases = [
        ('unknown summary name', 'cross-entropy/binary', dict(b, summaries=['stderr', 'bogus']), J, None, {422}, '/summaries/1'),
        ('repeated summary name', 'cross-entropy/binary', dict(b, summaries=['stderr', 'stderr']), J, None, {422}, '/summaries/1'),
        ('groups summary without groups', 'cross-entropy/binary', dict(b, summaries=['groups']), J, None, {422}, None),
        ('groups of wrong length', 'cross-entropy/binary', dict(b, summaries=['groups'], groups=['a']), J, None, {422}, None),
        ('groups of mixed types', 'cross-entropy/binary', dict(b, summaries=['groups'], groups=['a', 1]), J, None, {400, 422}, None),
        ('groups with null', 'cross-entropy/binary', dict(b, summaries=['groups'], groups=['a', None]), J, None, {400}, None),
        ('group key > 256 bytes', 'cross-entropy/binary', dict(b, summaries=['groups'], groups=['a', 'x' * 257]), J, None, {422}, '/groups/1'),
        ('calibrationBins 1', 'cross-entropy/binary', dict(b, summaries=['calibration'], calibrationBins=1), J, None, {422}, '/calibrationBins'),
        ('calibrationBins 1001', 'cross-entropy/binary', dict(b, summaries=['calibration'], calibrationBins=1001), J, None, {422}, '/calibrationBins'),
        ('calibrationBins 2.5', 'cross-entropy/binary', dict(b, summaries=['calibration'], calibrationBins=2.5), J, None, {400, 422}, None),
        ('worstK 0', 'cross-entropy/binary', dict(b, summaries=['worst'], worstK=0), J, None, {422}, '/worstK'),
        ('worstK 1001', 'cross-entropy/binary', dict(b, summaries=['worst'], worstK=1001), J, None, {422}, '/worstK'),
        ('indexOffset without worst', 'cross-entropy/binary', dict(b, summaries=['stderr'], indexOffset=3), J, None, {422}, '/indexOffset'),
        ('indexOffset 2^53', 'cross-entropy/binary', dict(b, summaries=['worst'], indexOffset=2 ** 53), J, None, {422}, '/indexOffset'),
        ('divergence with classWeights', 'cross-entropy/categorical', dict(c, summaries=['divergence'], classWeights=[1, 2, 1]), J, None, {422}, '/classWeights'),
        ('divergence with posWeight', 'cross-entropy/binary', dict(b, summaries=['divergence'], posWeight=2), J, None, {422}, '/posWeight'),
        ('divergence with alpha', 'focal/binary', dict(b, summaries=['divergence'], alpha=0.25), J, None, {422}, '/alpha'),
        ('topK >= C', 'cross-entropy/categorical', dict(c, summaries=['accuracy'], topK=3), J, None, {422}, '/topK'),
        ('topK without accuracy', 'cross-entropy/categorical', dict(c, summaries=['stderr'], topK=1), J, None, {422}, '/topK'),
        ('perplexity on focal', 'focal/categorical', dict(c, summaries=['perplexity']), J, None, {422}, '/summaries/0'),
        ('NaN prediction (JSON token)', 'cross-entropy/binary', b'{"predictions": [0.2, NaN], "labels": [0, 1]}', J, None, {400}, None),
        ('1e999 prediction', 'cross-entropy/binary', b'{"predictions": [0.2, 1e999], "labels": [0, 1]}', J, None, {422}, '/predictions/1'),
        ('label out of range', 'cross-entropy/categorical', dict(c, labels=[0, 3]), J, None, {422}, '/labels/1'),
        ('wrong row length', 'cross-entropy/categorical', dict(c, predictions=[[0.5, 0.5, 0.0], [0.2, 0.8]]), J, None, {422}, '/predictions/1'),
        ('multilabel wrong label row length', 'cross-entropy/multilabel', {'predictions': [[0.1, 0.2], [0.3, 0.4]], 'labels': [[0, 1], [1]]}, J, None, {422}, '/labels/1'),
        ('probability 1.5', 'cross-entropy/binary', dict(b, predictions=[1.5, 0.2]), J, None, {422}, '/predictions/0'),
        ('label 1.5 categorical', 'cross-entropy/categorical', dict(c, labels=[0, 1.5]), J, None, {400, 422}, None),
        ('epsilon with compat', 'cross-entropy/binary', dict(b, compat='keras', epsilon=1e-7), J, None, {422}, '/epsilon'),
        ('unknown field', 'cross-entropy/binary', dict(b, label_smoothing=0.1), J, None, {400}, None),
        ('query parameter on JSON', 'cross-entropy/binary', b, J, 'reduction=sum', {400}, None),
        ('JSONL groups summary without group members', 'cross-entropy/binary',
         b'{"prediction": 0.2, "label": 0}\n{"prediction": 0.7, "label": 1}\n', L, 'summaries=groups', {422}, None),
        ('JSONL NaN prediction', 'cross-entropy/binary', b'{"prediction": 0.2, "label": 0}\n{"prediction": NaN, "label": 1}\n', L, None, {400}, None),
        ('JSONL mixed group types', 'cross-entropy/binary',
         b'{"prediction": 0.2, "label": 0, "group": "a"}\n{"prediction": 0.7, "label": 1, "group": 1}\n', L, 'summaries=groups', {400}, '/groups/1'),
        ('JSONL includeLosses=true', 'cross-entropy/binary', b'{"prediction": 0.2, "label": 0}\n', L, 'includeLosses=true', {422}, None),
        ('JSONL calibrationBins=1001', 'cross-entropy/binary', b'{"prediction": 0.2, "label": 0}\n', L, 'summaries=calibration&calibrationBins=1001', {422}, '/calibrationBins'),
        ('epsilon 0 with p = 0, y = 1 (infinite loss)', 'cross-entropy/binary', dict(b, predictions=[0.0, 0.7], labels=[1, 1], epsilon=0.0), J, None, {422}, None),
        ('logits whose sum overflows', 'cross-entropy/binary', {'inputType': 'logits', 'predictions': [1.7e308, 1.7e308], 'labels': [0, 0]}, J, None, {422}, '/predictions'),
    ]
    return cases


def run_invalid(svc, runner):
    cases = invalid_cases()
    if pa is not None:
        t = pa.table({'predictions': pa.array([0.2, float('nan')]), 'labels': pa.array([0.0, 1.0])})
        sink = io.BytesIO()
        with paipc.new_stream(sink, t.schema) as w:
            w.write_table(t)
        cases.append(('Arrow NaN prediction', 'cross-entropy/binary', sink.getvalue(), ARROW, None, {422}, '/predictions/1'))
        t = pa.table({'predictions': pa.array([0.2, 0.7]), 'labels': pa.array([0.0, 1.0]),
                      'groups': pa.array(['a', None])})
        sink = io.BytesIO()
        with paipc.new_stream(sink, t.schema) as w:
            w.write_table(t)
        cases.append(('Arrow null group', 'cross-entropy/binary', sink.getvalue(), ARROW, 'summaries=groups', {422}, '/groups/1'))
    results = []
    for name, endpoint, body, ctype, query, statuses, pointer in cases:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        st, hd, data = svc.post('/v1/' + endpoint, raw, ctype, query=query)
        problems = []
        ct = hd.get('content-type', '')
        try:
            doc = parse_json(data)
        except Exception:
            doc = None
        if st >= 500:
            problems.append('5xx')
        if st not in statuses:
            problems.append('status %d, expected %s' % (st, sorted(statuses)))
        ptrs = []
        if 400 <= st < 500:
            if not ct.startswith('application/problem+json'):
                problems.append('Content-Type %r' % ct)
            errs = (doc or {}).get('errors') or []
            ptrs = [e.get('pointer') for e in errs if isinstance(e, dict)]
            if st == 422 and (not ptrs or not all(isinstance(p, str) and (p == '' or p.startswith('/')) for p in ptrs)):
                problems.append('422 without JSON pointers')
            if pointer and ptrs and ptrs[0] != pointer:
                problems.append('first pointer %r, expected %r' % (ptrs[0], pointer))
        if st == 200 and doc is not None:
            txt = data.decode()
            if 'NaN' in txt or 'Infinity' in txt:
                problems.append('200 with a non-finite number')
        results.append({'name': name, 'endpoint': endpoint, 'status': st, 'pointers': ptrs, 'problems': problems,
                        'body': raw.decode('utf-8', 'replace') if ctype != ARROW else '<arrow>', 'query': query,
                        'content_type': ctype, 'answer': data[:400].decode('utf-8', 'replace')})
        runner.tally('invalid', not problems)
    return results


# ----------------------------------------------------------------------------- --large

# Large requests (513 to 6000 samples) cross the service's internal slices (512 rows) and
# summation blocks (128 terms), which the small random cases above never do. Each large case is
# checked three ways:
#   reference  every number against the torch/sklearn/numpy references (same tolerances as above);
#   shards     split into 2-4 contiguous shards, each its own request with indexOffset = its first
#              row, merged here by API.md's "Merging shards" rules and compared with the whole
#              request's answer at relative 1e-12 (absolute floors below, for numbers that cancel);
#   formats    the same request as JSON, JSON Lines and (with pyarrow) Arrow streams split into
#              different record-batch sizes: aggregates and summaries bit-identical, and the
#              per-sample Arrow answer's loss and gradient columns bit-identical to the JSON losses
#              and gradients.
# Absolute floors of the shard comparison (1e-12 relative everywhere else), with l_i the whole
# answer's per-sample losses, W_i the sample's share of weightSum and R the merged mean, over the
# request (or the group):
#   m2     1e-12 * sum_i (|l_i| + |R| W_i)^2        cross  1e-12 * sum_i (|l_i| + |R| W_i) W_i
#   stderr the m2 floor carried through sqrt: f (sqrt(m2 + fl) - sqrt(max(m2 - fl, 0))), f = sqrt(n/(n-1))/weightSum
#   ci95   1.959963984540054 * stderr floor + 1e-12 (|mean| + 1.96 stderr)
#   ece    1e-12 * sum_b (sumAccuracy_b + sumConfidence_b) / sum_b weight_b
#   mce    max over non-empty bins of 1e-12 * (sumAccuracy_b + sumConfidence_b) / weight_b
#   kl, entropy  1e-12 * (|entropy| + |kl|);  perplexity  1e-12 * (1 + |mean|) * perplexity
# Integers (count, n, k, worst indices) and the order of groups and of worst lists must be equal.

MERGE_RTOL = 1e-12
LARGE_BATCHES = [1, 3, 64, 127, 128, 129, 500, 511, 512, 513, 1000, 1023, 1024, 4097]


def large_groups(rng, N):
    G = rng.randint(1, 60)
    pool = []
    strings = rng.random() < 0.5
    while len(pool) < G:
        if strings:
            k = rng.choice(['g%d' % rng.randrange(10 ** 6), 'ü-%d' % rng.randrange(1000), '日本%d' % rng.randrange(100),
                            'a b "%d"' % rng.randrange(100), '' if rng.random() < 0.05 else 'x'])
        else:
            k = rng.choice([rng.randrange(-1000, 1000), rng.randrange(-2 ** 40, 2 ** 40), rng.randrange(-2 ** 62, 2 ** 62)])
        if k not in pool:
            pool.append(k)
    mode = rng.random()
    if mode < 0.4:
        return [rng.choice(pool) for _ in range(N)]
    if mode < 0.7:   # skewed: a few big groups and many small ones
        return rng.choices(pool, weights=[1.0 / (j + 1) ** 1.3 for j in range(G)], k=N)
    groups = []      # contiguous runs
    while len(groups) < N:
        groups += [rng.choice(pool)] * rng.randint(1, 400)
    return groups[:N]


def gen_large_case(rng, endpoint):
    """A large random request (all summaries that apply) and the shard cuts as fractions of N."""
    fam, kind = endpoint.split('/')
    focal = fam == 'focal'
    nr = np.random.default_rng(rng.getrandbits(32))
    N = rng.choice([rng.randint(513, 1100), rng.randint(513, 6000),
                    rng.choice([513, 640, 1024, 1025, 1536, 2049, 4097, 6000])])
    req = {}
    it = rng.choice(['probabilities', 'logits'] + (['log-probabilities'] if kind == 'categorical' else []))
    if it != 'probabilities' or rng.random() < 0.3:
        req['inputType'] = it
    compat = rng.choice([None] * 6 + ['sklearn', 'keras', 'torch'])
    if compat:
        req['compat'] = compat
    if kind in ('binary', 'multilabel'):
        K = rng.randint(1, 6) if kind == 'multilabel' else 1
        if it == 'logits':
            P, edges = nr.normal(0, 3, (N, K)), LOGIT_EDGES
        else:
            P, edges = nr.random((N, K)), PROB_EDGES
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 12)):
                P[rng.randrange(N), rng.randrange(K)] = rng.choice(edges)
        hard = rng.random() < 0.6
        Y = nr.integers(0, 2, (N, K)).astype(float) if hard else nr.random((N, K))
        bernoulli_fields(req, rng, kind, P, Y, hard, focal, compat, it, K, weighting=0.2, smoothing=0.3,
                         smoothings=[0.1, 0.2])
    else:
        C = rng.randint(2, 12)
        divide = False
        if it == 'probabilities' and compat != 'keras' and rng.random() < 0.25:
            req['renormalize'] = True
            divide = True
        divide = divide or (it == 'probabilities' and compat == 'keras')
        Z = nr.normal(0, 2, (N, C))
        if rng.random() < 0.5:
            edge_rows(Z, rng, rng.randint(1, 12), ['tie', 'big', 'offset', 'onehot', 'uniform'])
        P = categorical_predictions(Z, it, divide, rng, nr, zero=False)
        req['predictions'] = [[float(v) for v in r] for r in P]
        if rng.random() < 0.65:
            lab = [rng.randrange(C) for _ in range(N)]
            if rng.random() < 0.5:
                ign = rng.choice([-100, -100, -1, rng.randrange(C)])
                req['ignoreIndex'] = ign
                if ign < 0:
                    for _ in range(rng.randint(1, N // 3)):
                        lab[rng.randrange(N)] = ign
            req['labels'] = lab
        else:
            T = (softmax_rows(nr.normal(0, 1.5, (N, C))) if rng.random() < 0.6
                 else np.eye(C)[nr.integers(0, C, N)])
            req['targets'] = [[float(v) for v in r] for r in T]
        if not focal and rng.random() < 0.25:
            req['classWeights'] = [rng.choice([0.0, 0.5, 1.0, 2.0, round(rng.uniform(0, 3), 3)]) for _ in range(C)]
        if rng.random() < 0.3:
            req['labelSmoothing'] = rng.choice([0.1, 1.0, round(rng.random(), 4)])
    if rng.random() < 0.15:   # float32-exact predictions: Arrow may send them as float32
        P = np.array(req['predictions'], dtype=np.float32).astype(float)
        if np.all(np.isfinite(P)):
            req['predictions'] = P.tolist()
    if focal:
        if rng.random() < 0.8:
            req['gamma'] = rng.choice([0.0, 0.5, 1.0, 2.0, 3.7])
        if rng.random() < 0.3:
            C = len(req['predictions'][0]) if kind == 'categorical' else None
            if kind == 'categorical' and rng.random() < 0.5:
                req['alpha'] = [rng.choice([0.0, 0.25, 1.0, round(rng.uniform(0, 2), 3)]) for _ in range(C)]
            elif kind == 'categorical':
                req['alpha'] = round(rng.uniform(0, 2), 3)
            else:
                req['alpha'] = rng.choice([0.25, round(rng.random(), 3)])
    if it == 'probabilities' and not compat and rng.random() < 0.1:
        req['epsilon'] = rng.choice([1e-7, 1e-3])
    # sample weights: none; all 1.0 but a few 2.5; random in [0, 3] with some zeros
    wmode = rng.choice(['none', 'few', 'random'])
    if wmode == 'few':
        sw = [1.0] * N
        for _ in range(rng.randint(1, 20)):
            sw[rng.randrange(N)] = 2.5
        req['sampleWeights'] = sw
    elif wmode == 'random':
        sw = [float(v) for v in nr.uniform(0, 3, N)]
        for _ in range(rng.randint(1, max(1, N // 10))):
            sw[rng.randrange(N)] = 0.0
        req['sampleWeights'] = sw
    r = rng.random()
    if r < 0.3:
        req['reduction'] = rng.choice(['sum', 'none', 'mean'])
    names = [x for x in SUMMARIES if not (x == 'perplexity' and focal)
             and not (x == 'divergence' and any(k in req for k in ('classWeights', 'posWeight', 'alpha')))]
    rng.shuffle(names)
    req['summaries'] = names
    C = len(req['predictions'][0]) if kind == 'categorical' else None
    if kind == 'categorical' and C > 2 and rng.random() < 0.4:
        req['topK'] = rng.randint(1, C - 1)
    b = rng.choice([None, None, 7, 10, 16, 100, 1000])
    if b:
        req['calibrationBins'] = b
    k = rng.choice([None, None, 1, 50, 1000])
    if k:
        req['worstK'] = k
    if rng.random() < 0.3:
        req['indexOffset'] = rng.choice([1000, 2 ** 40])
    req['groups'] = large_groups(rng, N)
    # shards (2 to 4, contiguous); sometimes one shard whose weights are all 0 or samples all ignored
    S = rng.randint(2, 4)
    pos = sorted(rng.sample(range(1, N), S - 1))
    if rng.random() < 0.3:   # a cut at a slice or block boundary
        pos[0] = rng.choice([p for p in (128, 256, 512, 513) if p < N])
        pos = sorted(set(pos))
    bounds = [0] + pos + [N]
    j = rng.randrange(len(bounds) - 1)
    a_, b_ = bounds[j], bounds[j + 1]
    if rng.random() < 0.25:
        if 'sampleWeights' in req:
            for i in range(a_, b_):
                req['sampleWeights'][i] = 0.0
        elif 'labels' in req and req.get('ignoreIndex', 0) < 0:
            for i in range(a_, b_):
                req['labels'][i] = req['ignoreIndex']
    # duplicated samples: exact ties for worst, some across a shard cut
    for _ in range(rng.randint(0, 6)):
        i, j2 = rng.randrange(N), rng.randrange(N)
        for c in ('predictions', 'labels', 'targets', 'sampleWeights'):
            if c in req:
                req[c][j2] = copy.deepcopy(req[c][i])
    return endpoint, req, [p / N for p in pos]


def shard_bounds(N, fracs):
    pos = sorted(set(int(round(f * N)) for f in fracs))
    return [0] + [p for p in pos if 0 < p < N] + [N]


def shard_request(req, a, b):
    r = {k: v for k, v in req.items() if k not in COLUMNS}
    for c in COLUMNS:
        if c in req:
            r[c] = req[c][a:b]
    r['indexOffset'] = req.get('indexOffset', 0) + a
    r['includeLosses'] = False
    r['includeGradients'] = False
    return r


def _fsum(xs):
    return math.fsum(xs)


def merge_moments(parts, L, W, idx):
    """parts: [(n, weightSum, sum, mean, m2, cross, weightSquares)] of the shards (of a group);
    L, W, idx: the whole request's losses, weight shares and the samples in the set (for the floors)."""
    ws = _fsum(p[1] for p in parts)
    total = _fsum(p[2] for p in parts)
    R = total / ws if ws > 0 else 0.0
    m2 = _fsum(p[4] + 2 * ((p[3] or 0.0) - R) * p[5] + ((p[3] or 0.0) - R) ** 2 * p[6] for p in parts)
    cross = _fsum(p[5] + ((p[3] or 0.0) - R) * p[6] for p in parts)
    wsq = _fsum(p[6] for p in parts)
    n = sum(p[0] for p in parts)
    sc = [abs(L[i]) + abs(R) * W[i] for i in idx]
    fl_m2 = 1e-12 * _fsum(x * x for x in sc) + 1e-300
    fl_cross = 1e-12 * _fsum(x * W[i] for x, i in zip(sc, idx)) + 1e-300
    out = {'n': n, 'count': n, 'weightSum': ws, 'sum': total, 'mean': R if ws > 0 else None,
           'm2': Tol(m2, fl_m2), 'cross': Tol(cross, fl_cross), 'weightSquares': wsq}
    if n >= 2 and ws > 0:
        f = math.sqrt(n / (n - 1)) / ws
        se = f * math.sqrt(max(m2, 0.0))
        fl_se = f * (math.sqrt(max(m2, 0.0) + fl_m2) - math.sqrt(max(m2 - fl_m2, 0.0))) + 1e-300
        fl_ci = Z95 * fl_se + MERGE_RTOL * (abs(R) + Z95 * se)
        out['stderr'] = Tol(se, fl_se)
        out['ci95'] = [Tol(R - Z95 * se, fl_ci), Tol(R + Z95 * se, fl_ci)]
    else:
        out['stderr'] = None
        out['ci95'] = None
    return out


def merge_accuracy(parts):
    def one(ps):
        c = _fsum(p['correct'] for p in ps)
        w = _fsum(p['weight'] for p in ps)
        return {'correct': c, 'weight': w, 'accuracy': c / w if w > 0 else None}
    out = one(parts)
    if 'exactMatch' in parts[0]:
        out['exactMatch'] = one([p['exactMatch'] for p in parts])
    if 'topK' in parts[0]:
        out['topK'] = dict(one([p['topK'] for p in parts]), k=parts[0]['topK']['k'])
    return out


def merge_shard_answers(endpoint, req, answers, whole):
    """Merges shard answers by API.md's "Merging shards"; the whole answer's losses give the floors."""
    N = len(req['predictions'])
    L = whole['losses']
    W = share_weights(endpoint, req)
    counted = [True] * N
    if 'labels' in req and req.get('ignoreIndex') is not None and endpoint.endswith('categorical'):
        counted = [l != req['ignoreIndex'] for l in req['labels']]
    idx = [i for i in range(N) if counted[i]]
    mom = merge_moments([(a['count'], a['weightSum'], a['sum'], a['mean'],
                          a['summaries']['stderr']['m2'], a['summaries']['stderr']['cross'],
                          a['summaries']['stderr']['weightSquares']) for a in answers], L, W, idx)
    out = {'count': mom['count'], 'weightSum': mom['weightSum'], 'sum': mom['sum'], 'mean': mom['mean']}
    R = mom['mean']
    summ = {}
    for name in answers[0]['summaries']:
        parts = [a['summaries'][name] for a in answers]
        if name == 'stderr':
            summ[name] = {k: mom[k] for k in ('n', 'mean', 'stderr', 'ci95', 'm2', 'cross', 'weightSquares')}
        elif name == 'accuracy':
            summ[name] = merge_accuracy(parts)
        elif name == 'calibration':
            bins = []
            for b in range(len(parts[0]['bins'])):
                bs = [p['bins'][b] for p in parts]
                bins.append({'lower': bs[0]['lower'], 'upper': bs[0]['upper'],
                             'weight': _fsum(x['weight'] for x in bs),
                             'sumConfidence': _fsum(x['sumConfidence'] for x in bs),
                             'sumAccuracy': _fsum(x['sumAccuracy'] for x in bs)})
            tw = _fsum(x['weight'] for x in bins)
            bsum = _fsum(p['brierSum'] for p in parts)
            gaps = [abs(x['sumAccuracy'] - x['sumConfidence']) for x in bins]
            if tw > 0:
                ece = Tol(_fsum(gaps) / tw,
                          1e-12 * _fsum(x['sumAccuracy'] + x['sumConfidence'] for x in bins) / tw + 1e-300)
            else:
                ece = None
            ms = [(g / x['weight'], 1e-12 * (x['sumAccuracy'] + x['sumConfidence']) / x['weight'] + 1e-300)
                  for g, x in zip(gaps, bins) if x['weight'] > 0]
            mce = Tol(max(m for m, _ in ms), max(f for _, f in ms)) if ms else None
            summ[name] = {'bins': bins, 'ece': ece, 'mce': mce, 'brier': bsum / tw if tw > 0 else None,
                          'brierSum': bsum}
        elif name == 'worst':
            allw = [e for p in parts for e in p]
            allw.sort(key=lambda e: (-e['loss'], e['index']))
            summ[name] = allw[:req.get('worstK', 10)]
        elif name == 'groups':
            order = []
            for p in parts:
                for key in p:
                    if key not in order:
                        order.append(key)
            keyof = [str(g) for g in req['groups']]
            gd = {}
            for key in order:
                gp = [p[key] for p in parts if key in p]
                gi = [i for i in idx if keyof[i] == key]
                m = merge_moments([(g['count'], g['weightSum'], g['sum'], g['mean'], g['m2'], g['cross'],
                                    g['weightSquares']) for g in gp], L, W, gi)
                e = {k: m[k] for k in ('count', 'weightSum', 'sum', 'mean', 'm2', 'cross', 'weightSquares',
                                       'stderr', 'ci95')}
                if 'accuracy' in gp[0]:
                    e['accuracy'] = merge_accuracy([g['accuracy'] for g in gp])
                gd[key] = e
            summ[name] = Ordered(gd)
        elif name == 'divergence':
            res = {}
            sw = _fsum(a['weightSum'] for a, p in zip(answers, parts) if p['kl'] is not None)
            if sw > 0:
                kl = _fsum(a['weightSum'] * p['kl'] for a, p in zip(answers, parts) if p['kl'] is not None) / sw
                h = _fsum(a['weightSum'] * p['entropy'] for a, p in zip(answers, parts) if p['entropy'] is not None) / sw
                fl = 1e-12 * (abs(kl) + abs(h)) + 1e-300
                res = {'entropy': Tol(h, fl), 'kl': Tol(kl, fl)}
            else:
                res = {'entropy': None, 'kl': None}
            summ[name] = res
        elif name == 'perplexity':
            if R is None:
                summ[name] = {'perplexity': None, 'bitsPerSample': None}
            else:
                pp = math.exp(R) if R <= 709.78 else None
                summ[name] = {'perplexity': Tol(pp, MERGE_RTOL * (1 + abs(R)) * pp) if pp is not None else None,
                              'bitsPerSample': R / math.log(2)}
        else:
            summ[name] = '<unknown summary: not merged>'
    out['summaries'] = Ordered(summ)
    return out


def compare_merged(got, want, path, out):
    """Relative MERGE_RTOL, Tol floors, exact integers and strings, dict key order for Ordered."""
    if isinstance(want, Ordered):
        if isinstance(got, dict) and list(got.keys()) != list(want.d.keys()):
            out.append((path + '/<keys>', list(got.keys())[:20], list(want.d.keys())[:20]))
        want = want.d
    if isinstance(want, dict):
        if not isinstance(got, dict):
            out.append((path, short(got), '<object>'))
            return
        for k, v in want.items():
            if k not in got:
                out.append((path + '/' + k, '<missing>', short(v)))
            else:
                compare_merged(got[k], v, path + '/' + k, out)
        return
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            out.append((path, short(got), short(want)))
            return
        for i, (g, w) in enumerate(zip(got, want)):
            compare_merged(g, w, '%s/%d' % (path, i), out)
        return
    if want is None or isinstance(want, (bool, str)):
        if got != want or type(got) != type(want):
            out.append((path, got, want))
        return
    if isinstance(want, int):
        if isinstance(got, bool) or not isinstance(got, (int, float)) or got != want:
            out.append((path, got, want))
        return
    w, floor = (want.value, want.atol) if isinstance(want, Tol) else (float(want), 1e-300)
    if (got is None or isinstance(got, bool) or not isinstance(got, (int, float)) or not math.isfinite(got)
            or abs(got - w) > max(floor, MERGE_RTOL * abs(w))):
        out.append((path, got, w))


class LargeRunner(Runner):
    def whole_answer(self, endpoint, req, grads=False):
        st, _, data = self.svc.json(endpoint, dict(req, includeLosses=True, includeGradients=grads))
        return (parse_json(data) if st == 200 else None), st, data

    def merge_mismatches(self, endpoint, req, fracs, whole=None):
        if whole is None or 'losses' not in whole:
            whole, st, data = self.whole_answer(endpoint, req)
            if whole is None:
                return [('merge', status_path(st, data), '%d %s' % (st, data[:300].decode('utf-8', 'replace')), 200)]
        bounds = shard_bounds(len(req['predictions']), fracs)
        answers = []
        for a, b in zip(bounds, bounds[1:]):
            st, _, data = self.svc.json(endpoint, shard_request(req, a, b))
            if st != 200:
                return [('merge', '<shard [%d, %d)> ' % (a, b) + status_path(st, data),
                         '%d %s' % (st, data[:300].decode('utf-8', 'replace')), 200)]
            answers.append(parse_json(data))
        want = merge_shard_answers(endpoint, req, answers, whole)
        got = {k: v for k, v in whole.items() if k not in ('losses', 'gradients')}
        out = []
        compare_merged(got, want, '', out)
        return [('merge', p, g, w) for p, g, w in out]

    def large_format_mismatches(self, endpoint, req, seed, base=None):
        rng = random.Random(seed)
        N = len(req['predictions'])
        res = []
        if base is None or 'gradients' not in base:
            base, st, data = self.whole_answer(endpoint, req, grads=True)
            if base is None:
                return [('format', '<json status>', st, 200)]
        agg = {k: v for k, v in base.items() if k not in ('losses', 'gradients')}
        q = query_of(req)
        qa = query_of(req, drop=('includeLosses',))
        ctype = rng.choice(['application/x-ndjson', 'application/jsonl'])
        res += self.same_as_json(endpoint, jsonl_body(req, rng), ctype, q, agg, 'format:jsonl', 'format:jsonl-vs-json')
        answers = []
        if pa is not None:
            sizes = [N, rng.choice(LARGE_BATCHES[:3])] + rng.sample(LARGE_BATCHES[3:], 2)
            for size in sizes:
                body, comp = arrow_body(endpoint, req, rng, chunk=size)
                res += self.same_as_json(endpoint, body, ARROW, q, agg, 'format:arrow', 'format:arrow-vs-json',
                                         '<batches of %d> ' % size, '<batches of %d, %s>' % (size, comp))
            size = rng.choice(LARGE_BATCHES)
            answers.append(('arrow body, batches of %d' % size,
                            self.svc.post('/v1/' + endpoint, arrow_body(endpoint, req, rng, chunk=size)[0], ARROW,
                                          query=qa, accept=ARROW)))
            answers.append(('jsonl body', self.svc.post('/v1/' + endpoint, jsonl_body(req, rng),
                                                        'application/x-ndjson', query=qa, accept=ARROW)))
        for fmt, (st, _, data) in answers:
            if st != 200:
                res.append(('format:arrow-answer', '<%s> status' % fmt, '%d %s' % (st, data[:300].decode('utf-8', 'replace')), 200))
                continue
            t, meta = read_arrow_answer(data)
            out = []
            bits_identical(t.column('loss').to_pylist(), base['losses'], '/loss', out)
            compare(t.column('weight').to_pylist(), share_weights(endpoint, req), '/weight', out)
            if 'gradient' not in t.column_names:
                out.append(('/gradient', '<missing>', '<column>'))
            else:
                bits_identical(t.column('gradient').to_pylist(), base['gradients'], '/gradient', out)
            bits_identical(meta, agg, '/<xent metadata>', out)
            res += [('format:arrow-answer-vs-json', '<%s>%s' % (fmt, p), a, b) for p, a, b in out]
        return res

    def run_large_case(self, endpoint, req, fracs):
        base = None
        if torch is not None and not self.args.formats_only:
            ms, base = self.reference_mismatches(endpoint, req)
            self.tally('large:reference', not [m for m in ms if m[0] == 'reference'])
            if self.last_alts:
                self.tally('large:library', not [m for m in ms if m[0].startswith('library')])
            self.tally('large:self-consistency', not [m for m in ms if m[0].startswith('self')])
            if ms:
                self.record(endpoint, req, ms, lambda e, r: self.reference_mismatches(e, r)[0])
        if not self.args.no_shards:
            ms = self.merge_mismatches(endpoint, req, fracs, base)
            self.tally('large:shards', not ms)
            if ms:
                self.record(endpoint, req, ms, lambda e, r: self.merge_mismatches(e, r, fracs))
        if not self.args.no_formats:
            seed = self.rng.getrandbits(32)
            ms = self.large_format_mismatches(endpoint, req, seed, base)
            self.tally('large:formats' + ('+arrow' if pa is not None else ''), not ms)
            if ms:
                self.record(endpoint, req, ms, lambda e, r: self.large_format_mismatches(e, r, seed))

    @staticmethod
    def norm_key(endpoint, m):
        kind, path = m[0], m[1]
        p = re.sub(r'<[^>]*>', '<>', path)
        p = re.sub(r'/\d+', '/*', p)
        p = re.sub(r'(/groups)/[^/]*', r'\1/*', p)
        return (endpoint, kind, p)


def run_large(args, svc, rng, runner):
    t0 = time.time()
    per_endpoint = {}
    n = 0
    for n in range(1, args.cases + 1):
        if time.time() - t0 > args.minutes * 60:
            n -= 1
            break
        endpoint, req, fracs = gen_large_case(rng, ENDPOINTS[(n - 1) % len(ENDPOINTS)])
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        try:
            runner.run_large_case(endpoint, req, fracs)
        except Exception as e:  # a crash of the harness is reported, never hidden
            import traceback
            traceback.print_exc()
            runner.tally('harness-error', False)
            runner.mismatches.append({'key': (endpoint, 'harness', repr(e)), 'kind': 'harness', 'endpoint': endpoint,
                                      'path': '', 'got': repr(e), 'want': '', 'request': req, 'minimal': None})
        if args.verbose:
            print('  case %d %s N=%d  %.0f s' % (n, endpoint, len(req['predictions']), time.time() - t0), flush=True)
    return n, per_endpoint


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--url', default='http://127.0.0.1:18181')
    ap.add_argument('--cases', type=int, default=None, help='default 600, or 36 with --large')
    ap.add_argument('--seed', type=int, default=20261203)
    ap.add_argument('--minutes', type=float, default=45, help='stop generating cases after this long')
    ap.add_argument('--formats-only', action='store_true', help='no references (formats, equivalences, invalid inputs)')
    ap.add_argument('--no-formats', action='store_true')
    ap.add_argument('--no-shrink', action='store_true')
    ap.add_argument('--max-shrinks', type=int, default=40, help='distinct mismatches to minimise')
    ap.add_argument('--shrink-budget', type=int, default=150, help='requests per minimisation')
    ap.add_argument('--report', default=None, help='write the mismatches as JSON here')
    ap.add_argument('--large', action='store_true',
                    help='large requests (513-6000 samples): references, shard merging, formats (see "--large" above)')
    ap.add_argument('--no-shards', action='store_true', help='--large: skip the shard-merging check')
    ap.add_argument('--verbose', action='store_true', help='--large: a line per case')
    args = ap.parse_args()
    if args.cases is None:
        args.cases = 36 if args.large else 600
    u = urllib.parse.urlparse(args.url)
    svc = Service(u.hostname, u.port or 80)
    rng = random.Random(args.seed)
    runner = (LargeRunner if args.large else Runner)(svc, rng, args)
    if torch is None and not args.formats_only:
        print('torch is not importable: reference comparisons skipped (formats and invalid inputs only)')
        args.formats_only = True
    t0 = time.time()
    if args.large:
        n, per_endpoint = run_large(args, svc, rng, runner)
        return report(args, svc, runner, n, per_endpoint, [], time.time() - t0)
    per_endpoint = {}
    n = 0
    for n in range(1, args.cases + 1):
        if time.time() - t0 > args.minutes * 60:
            n -= 1
            break
        endpoint, req = gen_case(rng, ENDPOINTS[(n - 1) % len(ENDPOINTS)])
        per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
        try:
            runner.run_case(endpoint, req)
        except Exception as e:  # a crash of the harness is reported, never hidden
            runner.tally('harness-error', False)
            runner.mismatches.append({'key': (endpoint, 'harness', repr(e)), 'kind': 'harness', 'endpoint': endpoint,
                                      'path': '', 'got': repr(e), 'want': '', 'request': req, 'minimal': None})
    for endpoint, req in directed_cases():
        try:
            runner.run_case(endpoint, req)
        except Exception as e:
            runner.tally('harness-error', False)
            runner.mismatches.append({'key': (endpoint, 'harness', repr(e)), 'kind': 'harness', 'endpoint': endpoint,
                                      'path': '', 'got': repr(e), 'want': '', 'request': req, 'minimal': None})
    inv = run_invalid(svc, runner)
    return report(args, svc, runner, n, per_endpoint, inv, time.time() - t0)


def report(args, svc, runner, n, per_endpoint, inv, dt):
    print('cases: %d (%s), requests: %d, %.0f s, torch: %s, sklearn: %s, pyarrow: %s' % (
        n, ', '.join('%s %d' % kv for kv in sorted(per_endpoint.items())), svc.requests, dt,
        torch is not None and not args.formats_only, skm is not None, pa is not None))
    kinds = sorted(set(runner.passed) | set(runner.failed))
    for k in kinds:
        print('  %-26s passed %4d  failed %4d' % (k, runner.passed.get(k, 0), runner.failed.get(k, 0)))
    if args.report:
        with open(args.report, 'w') as f:
            json.dump({'passed': runner.passed, 'failed': runner.failed,
                       'mismatches': [dict(m, key=list(m['key'])) for m in runner.mismatches], 'invalid': inv},
                      f, indent=1, default=lambda o: getattr(o, 'value', repr(o)))
    groups = {}
    for m in runner.mismatches:
        groups.setdefault(m['key'], []).append(m)
    print('\n%d distinct mismatches (%d occurrences)' % (len(groups), len(runner.mismatches)))
    for key, ms in groups.items():
        m = next((x for x in ms if x['minimal'] is not None), ms[0])
        print('\n== %s %s %s  (%d cases)' % (key[0], key[1], key[2], len(ms)))
        print('   path: %s\n   service:   %s\n   reference: %s' % (m['path'], short(m['got']), short(m['want'])))
        print('   request:   %s%s' % (short(m['minimal'] if m['minimal'] is not None else m['request'], 1500),
                                     '' if m['minimal'] is not None else '  (not minimised)'))
    if inv:
        print('\ninvalid inputs:')
    for r in inv:
        print('  %-45s %d %-22s %s' % (r['name'], r['status'], ','.join(map(str, r['pointers']))[:22],
                                       'OK' if not r['problems'] else 'PROBLEM: ' + '; '.join(r['problems'])))
    return 1 if runner.mismatches or any(r['problems'] for r in inv) else 0


if __name__ == '__main__':
    sys.exit(main())
