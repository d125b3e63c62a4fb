"""Every cache key of the app, built one way.

The app caches by content, never by session: a key is a digest of what the result
depends on. Files are keyed by the SHA-256 of their bytes (:func:`digest_bytes`);
the inputs of a recipe (one file, or a customer table and its log) by
:func:`files_digest`, equal to the recipe's ``input_fingerprint``; a schema by its
role table (:func:`schema_token`); and anything built from those and a recipe's
JSON by :func:`content_key`. Same inputs give the same key in every session.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from segmentation.schema import Schema

__all__ = ("content_key", "digest_bytes", "files_digest", "schema_token")


def digest_bytes(data: bytes) -> str:
    """Return the SHA-256 hex digest of a file's bytes.

    Examples
    --------
    >>> digest_bytes(b"abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(data).hexdigest()


def files_digest(*digests: str) -> str | None:
    """Combine the digests of a run's files (customer table first, then the log).

    Equal to :func:`segmentation.workflow.fingerprint` of the files' bytes: one
    file's own digest, or the SHA-256 of the raw digests in order. None for no file.

    Examples
    --------
    >>> from segmentation.workflow import fingerprint
    >>> files_digest(digest_bytes(b"a"), digest_bytes(b"b")) == fingerprint(b"a", b"b")
    True
    """
    if len(digests) <= 1:
        return digests[0] if digests else None
    combined = hashlib.sha256()
    for digest in digests:
        combined.update(bytes.fromhex(digest))
    return combined.hexdigest()


def schema_token(schema: Schema) -> str:
    """Return a short content hash of a schema's role and family table.

    It changes whenever a role or family changes (an edit on the Data page).
    """
    frame = schema.to_frame()
    hashed = pd.util.hash_pandas_object(frame.astype(str), index=True)
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()[:16]


def content_key(*parts: object, length: int = 32) -> str:
    """Return the key of a result built from ``parts``, in order.

    Parameters
    ----------
    *parts : JSON-able
        File digests, schema tokens, recipe JSON text, k, seed... (tuples become
        lists; None stays null).
    length : int, default 32
        Hex characters kept (64: the whole SHA-256).

    Examples
    --------
    >>> content_key("abc", '{"k": 4}') == content_key("abc", '{"k": 4}')
    True
    >>> content_key("abc", 4) != content_key(4, "abc")
    True
    """
    text = json.dumps(list(parts))
    return hashlib.sha256(text.encode()).hexdigest()[:length]
