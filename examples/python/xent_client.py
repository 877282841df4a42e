"""A small Python client for the xent cross-entropy scoring service.

It sends numpy arrays as an Arrow IPC stream (``application/vnd.apache.arrow.stream``),
record batch by record batch, so a large request is never held in memory twice, and reads
either the JSON aggregates or the per-sample Arrow answer::

    import numpy as np, xent_client as xc

    p = np.array([0.9, 0.2, 0.65]); y = np.array([1, 0, 1])
    xc.score("http://localhost:8080", "binary", p, labels=y)
    # {'count': 3, 'weightSum': 3.0, 'sum': 0.759..., 'mean': 0.253...}

    r = xc.score("http://localhost:8080", "categorical", P, labels=y, per_sample=True,
                 inputType="logits", labelSmoothing=0.1)
    r.aggregates["mean"], r.loss, r.weight, r.gradient      # gradient has P's shape

Options are the request fields of the contract, by their camelCase names, and travel as
query parameters: lists are comma-joined, booleans are ``true``/``false``.

Only pyarrow, numpy and requests are needed.
"""

from __future__ import annotations

import json
import math
import numbers
import zlib
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import quote, urlencode

import numpy as np
import pyarrow as pa
import requests

ARROW = "application/vnd.apache.arrow.stream"
JSON = "application/json"
NDJSON = "application/x-ndjson"

#: The service refuses a record batch (or any length it declares) over its batch limit,
#: 64 MiB by default. Batches are cut to at most ``batch_rows`` rows and at most this
#: many bytes, whichever is smaller.
MAX_BATCH_BYTES = 48 * 1024 * 1024

#: Pieces handed to the HTTP connection are at most this large (larger Arrow buffers
#: are sliced without copying), so the client holds little beyond the batch being sent.
CHUNK_BYTES = 1024 * 1024

#: zlib level for ``compression="gzip"`` / ``"deflate"`` (1 fastest, 9 smallest).
ZLIB_LEVEL = 6

IPC_CODECS = ("zstd", "lz4")
HTTP_CODINGS = ("gzip", "deflate")


class XentError(Exception):
    """A 4xx or 5xx answer. ``problem`` is the RFC 9457 problem-details document (a dict)
    when the service sent one, else ``None``; ``text`` is the raw body."""

    def __init__(self, status: int, problem: Optional[dict], text: str, url: str):
        self.status = status
        self.problem = problem
        self.text = text
        self.url = url
        super().__init__(self._message())

    def _message(self) -> str:
        if not self.problem:
            return f"HTTP {self.status} from {self.url}: {self.text[:500]}"
        p = self.problem
        lines = [f"HTTP {self.status} {p.get('title', '')} ({p.get('type', '')}): {p.get('detail', '')}"]
        for e in (p.get("errors") or [])[:10]:
            where = f" line {e['line']}" if "line" in e else ""
            lines.append(f"  {e.get('pointer', '')}{where}: {e.get('detail', '')}")
        more = len(p.get("errors") or []) - 10
        if more > 0:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


@dataclass
class PerSample:
    """The per-sample answer: the aggregates (and any summaries) from the schema metadata
    ``xent``, and one value per sample, in request order. ``gradient`` is 2-D (N x K or
    N x C) for matrix endpoints, ``None`` with ``includeGradients=False``. The arrays may
    be read-only views of Arrow memory; ``np.array(r.loss)`` gives a writable copy."""

    aggregates: dict
    loss: np.ndarray
    weight: np.ndarray
    gradient: Optional[np.ndarray]


# ---------------------------------------------------------------------------------------
# The one-call API

def score(url: str, endpoint: str, predictions, labels=None, targets=None, sample_weights=None,
          per_sample: bool = False, compression=None, batch_rows: int = 1_000_000,
          session: Optional[requests.Session] = None, groups=None, **options):
    """Scores numpy arrays on ``{url}/v1/cross-entropy/{endpoint}``.

    endpoint: ``"binary"`` (1-D predictions), ``"multilabel"`` or ``"categorical"`` (2-D);
        a path with a slash, such as ``"focal/binary"``, is taken under ``/v1/``.
    labels, targets, sample_weights, groups: the other columns (``targets`` only for
        categorical; ``groups`` strings or integers, for ``summaries="groups"``).
    per_sample: False for the aggregates dict; True for a :class:`PerSample`.
    compression: ``None``, an Arrow IPC body codec (``"zstd"``, ``"lz4"``), an HTTP
        content coding (``"gzip"``, ``"deflate"``), or one of each (``("zstd", "gzip")``).
    batch_rows: most rows per record batch (batches also stay under MAX_BATCH_BYTES).
    session: a ``requests.Session`` to reuse connections (keep-alive); a new one otherwise.
    options: the request's options by their contract names, e.g. ``inputType="logits"``,
        ``classWeights=[1, 2.5]``, ``summaries=["accuracy", "calibration"]``.

    Raises :class:`XentError` on a 4xx or 5xx answer.
    """
    table = to_table(endpoint, predictions, labels=labels, targets=targets,
                     sample_weights=sample_weights, groups=groups)
    rows = rows_per_batch(table, batch_rows)
    if compression is None:
        # The body's length is known before it is written: send it with Content-Length
        # (no chunk framing, so the Arrow buffers go to the socket without a copy).
        batches = table.to_batches(max_chunksize=rows)
        body = SizedBody(ipc_stream(table.schema, batches), ipc_size(table.schema, batches))
        result = post(url, endpoint, body, ARROW, per_sample=per_sample, session=session, **options)
    else:
        result = score_stream(url, endpoint, table.schema, table.to_batches(max_chunksize=rows),
                              per_sample=per_sample, compression=compression, session=session, **options)
    if not per_sample:
        return result
    with result as answer:
        return answer.collect()


def score_stream(url: str, endpoint: str, schema: pa.Schema, batches: Iterable[pa.RecordBatch],
                 per_sample: bool = False, compression=None, session: Optional[requests.Session] = None,
                 **options):
    """Scores record batches produced on the fly (a generator), as one request.

    Each batch is serialized and sent before the next is asked for, so a body of any size
    needs the memory of one batch. Keep each batch under the service's batch limit.

    Returns the aggregates dict; with ``per_sample=True`` an :class:`ArrowAnswer`, a
    context manager that iterates over the answer's record batches without keeping them::

        with score_stream(url, "binary", schema, gen(), per_sample=True) as answer:
            n = sum(b.num_rows for b in answer)
        answer.aggregates
    """
    ipc_codec, coding = split_compression(compression)
    body: Iterator = ipc_stream(schema, batches, compression=ipc_codec)
    if coding:
        body = zlib_stream(body, coding)
    return post(url, endpoint, body, ARROW, per_sample=per_sample, content_encoding=coding,
                session=session, **options)


def post(url: str, endpoint: str, body, content_type: str, per_sample: bool = False,
         content_encoding: Optional[str] = None, session: Optional[requests.Session] = None, **options):
    """Posts a ready body (bytes, or an iterable of byte chunks, sent chunked) of any
    format: JSON (options inside the document, none here), JSON Lines or Arrow (options
    as query parameters). ``content_encoding`` names a coding the body already has.
    Returns what :func:`score_stream` returns: the aggregates dict, or with
    ``per_sample=True`` an :class:`ArrowAnswer` (``.collect()`` for numpy arrays)."""
    return _post(url, endpoint, body, content_type, per_sample=per_sample,
                 content_encoding=content_encoding, session=session, options=options)


# ---------------------------------------------------------------------------------------
# Building the body

def to_table(endpoint: str, predictions, labels=None, targets=None, sample_weights=None,
             groups=None) -> pa.Table:
    """numpy arrays -> an Arrow table with the contract's column names. A 2-D array
    becomes a FixedSizeList column (one list of K or C values per sample); 1-D numeric
    arrays are wrapped without copying where Arrow allows."""
    matrix = _endpoint_kind(endpoint) != "binary"
    predictions = np.asarray(predictions)
    if predictions.ndim != (2 if matrix else 1):
        raise ValueError(f"{endpoint}: predictions must be {'2-D (N x K)' if matrix else '1-D'}, "
                         f"got shape {predictions.shape}")
    columns = {"predictions": _column(predictions)}
    if labels is not None:
        columns["labels"] = _column(np.asarray(labels))
    if targets is not None:
        columns["targets"] = _column(np.asarray(targets))
    if sample_weights is not None:
        columns["sampleWeights"] = _column(np.asarray(sample_weights))
    if groups is not None:
        columns["groups"] = pa.array(groups)
    n = len(predictions)
    for name, column in columns.items():
        if len(column) != n:
            raise ValueError(f"{name} has {len(column)} rows, predictions has {n}")
    return pa.table(columns)


def _column(a: np.ndarray) -> pa.Array:
    if a.dtype == np.bool_:
        a = a.astype(np.uint8)
    elif a.dtype == np.float16:
        a = a.astype(np.float64)
    if a.ndim == 1:
        return pa.array(a)
    if a.ndim == 2:
        values = pa.array(np.ascontiguousarray(a).reshape(-1))
        return pa.FixedSizeListArray.from_arrays(values, a.shape[1])
    raise ValueError(f"expected a 1-D or 2-D array, got shape {a.shape}")


def rows_per_batch(table: pa.Table, batch_rows: int = 1_000_000) -> int:
    """``batch_rows``, lowered so that one batch stays under MAX_BATCH_BYTES."""
    if table.num_rows == 0:
        return max(1, batch_rows)
    bytes_per_row = max(1, math.ceil(table.nbytes / table.num_rows))
    return max(1, min(batch_rows, MAX_BATCH_BYTES // bytes_per_row))


class _ChunkSink:
    """A write-only file for pyarrow's stream writer that keeps what it is given until
    :meth:`drain` hands it on: small pieces (message headers, padding) joined, large
    buffers sliced without copying."""

    def __init__(self):
        self._parts = []
        self.closed = False

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        self._parts.append(view)
        return len(view)

    def flush(self):
        pass

    def drain(self) -> Iterator[memoryview | bytes]:
        parts, self._parts = self._parts, []
        small = []
        for part in parts:
            if len(part) < 64 * 1024:
                small.append(part)
                continue
            if small:
                yield b"".join(small)
                small = []
            for start in range(0, len(part), CHUNK_BYTES):
                yield part[start:start + CHUNK_BYTES]
        if small:
            yield b"".join(small)


def ipc_stream(schema: pa.Schema, batches: Iterable[pa.RecordBatch], compression: Optional[str] = None
               ) -> Iterator[memoryview | bytes]:
    """The Arrow IPC stream (schema, batches, end-of-stream marker) as byte chunks, written
    lazily: a batch is serialized only when the previous one has been taken."""
    sink = _ChunkSink()
    writer = pa.ipc.new_stream(sink, schema, options=pa.ipc.IpcWriteOptions(compression=compression))
    try:
        for batch in batches:
            writer.write_batch(batch)
            yield from sink.drain()
    finally:
        writer.close()
    yield from sink.drain()


def ipc_size(schema: pa.Schema, batches: Iterable[pa.RecordBatch]) -> int:
    """The byte length of the uncompressed IPC stream of these batches, found by writing
    it to a sink that only counts (no data is copied)."""
    sink = pa.MockOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return sink.size()


class SizedBody:
    """Chunks of a body whose total length is known: ``requests`` then sends it with
    ``Content-Length`` instead of chunked transfer encoding."""

    def __init__(self, chunks: Iterable, length: int):
        self.chunks, self.length = chunks, length

    def __len__(self) -> int:
        return self.length

    def __iter__(self):
        sent = 0
        for chunk in self.chunks:
            sent += len(chunk)
            yield chunk
        if sent != self.length:
            raise RuntimeError(f"the body was {sent} bytes, not the {self.length} announced")


def zlib_stream(chunks: Iterable, coding: str = "gzip") -> Iterator[bytes]:
    """Compresses a chunk stream for ``Content-Encoding: gzip`` or ``deflate`` (zlib)."""
    wbits = {"gzip": 31, "deflate": 15}[coding]
    z = zlib.compressobj(ZLIB_LEVEL, zlib.DEFLATED, wbits)
    for chunk in chunks:
        out = z.compress(chunk)
        if out:
            yield out
    yield z.flush()


def split_compression(compression):
    if compression is None:
        return None, None
    items = [compression] if isinstance(compression, str) else list(compression)
    ipc = [c for c in items if c in IPC_CODECS]
    http = [c for c in items if c in HTTP_CODINGS]
    unknown = [c for c in items if c not in IPC_CODECS + HTTP_CODINGS]
    if unknown or len(ipc) > 1 or len(http) > 1:
        raise ValueError(f"compression: at most one of {IPC_CODECS} and one of {HTTP_CODINGS}, got {compression!r}")
    return (ipc[0] if ipc else None), (http[0] if http else None)


# ---------------------------------------------------------------------------------------
# Options

def query_string(options: dict) -> str:
    """Options -> the query string: booleans as true/false, numbers in the JSON number
    grammar, lists comma-joined; ``None`` values are left out."""
    params = [(name, _option_value(name, value)) for name, value in options.items() if value is not None]
    return urlencode(params, safe=",", quote_via=quote)


def _option_value(name: str, value: Any) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) == 0:
            raise ValueError(f"{name}: an empty list cannot be sent as a query parameter")
        return ",".join(_scalar(name, v) for v in value)
    return _scalar(name, value)


def _scalar(name: str, v: Any) -> str:
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        v = float(v)
        if not math.isfinite(v):
            raise ValueError(f"{name}: {v} is not a finite number")
        return repr(v)  # the shortest round-tripping literal, valid JSON (1e-07, 2.5, 1e+16)
    if isinstance(v, str):
        return v
    raise TypeError(f"{name}: cannot send a {type(v).__name__} as a query parameter")


# ---------------------------------------------------------------------------------------
# HTTP

def endpoint_url(url: str, endpoint: str) -> str:
    path = endpoint.strip("/")
    if "/" not in path:
        path = "cross-entropy/" + path
    return f"{url.rstrip('/')}/v1/{path}"


def _endpoint_kind(endpoint: str) -> str:
    return endpoint.strip("/").rsplit("/", 1)[-1]


def _post(url, endpoint, body, content_type, *, per_sample, content_encoding, session, options):
    target = endpoint_url(url, endpoint)
    query = query_string(options)
    if query:
        target += "?" + query
    headers = {"Content-Type": content_type}
    if content_encoding:
        headers["Content-Encoding"] = content_encoding
    if per_sample:
        # The answer is binary doubles: gzip would cost CPU on both sides for little.
        headers["Accept"] = ARROW
        headers["Accept-Encoding"] = "identity"
    else:
        headers["Accept"] = JSON
    own = session is None
    s = requests.Session() if own else session
    try:
        response = s.post(target, data=body, headers=headers, stream=per_sample)
    except BaseException:
        if own:
            s.close()
        raise
    if response.status_code >= 400:
        try:
            raise _error(response, target)
        finally:
            response.close()
            if own:
                s.close()
    if not per_sample:
        try:
            return response.json()
        finally:
            if own:
                s.close()
    return ArrowAnswer(response, close_session=s if own else None)


def _error(response: requests.Response, url: str) -> XentError:
    text = response.text
    problem = None
    if "json" in response.headers.get("Content-Type", ""):
        try:
            problem = json.loads(text)
        except ValueError:
            pass
    return XentError(response.status_code, problem, text, url)


class ArrowAnswer:
    """A per-sample Arrow answer being read. ``aggregates`` is available at once (it is in
    the schema); iterating yields the record batches one by one (loss, weight, gradient).
    Use it as a context manager so the connection is released."""

    def __init__(self, response: requests.Response, close_session: Optional[requests.Session] = None):
        self._response = response
        self._session = close_session
        response.raw.decode_content = True  # in case the service compressed anyway
        try:
            self.reader = pa.ipc.open_stream(response.raw)
            self.schema = self.reader.schema
            metadata = self.schema.metadata or {}
            if b"xent" not in metadata:
                raise ValueError("the Arrow answer has no 'xent' entry in its schema metadata")
            self.aggregates = json.loads(metadata[b"xent"])
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        return iter(self.reader)

    def collect(self) -> PerSample:
        table = self.reader.read_all()
        gradient = None
        if "gradient" in table.column_names:
            gradient = _to_numpy(table.column("gradient"))
        return PerSample(self.aggregates, _to_numpy(table.column("loss")),
                         _to_numpy(table.column("weight")), gradient)

    def close(self):
        self._response.close()
        if self._session is not None:
            self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _to_numpy(column: pa.ChunkedArray) -> np.ndarray:
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_fixed_size_list(array.type):
        width = array.type.list_size
        return array.flatten().to_numpy(zero_copy_only=False).reshape(-1, width)
    return array.to_numpy(zero_copy_only=False)
