"""The fingerprint of a document version: SHA-256 over the canonical JSON of its text.

Signing reuses it, so the hash printed on a signed covenant can be recomputed from the stored
version by anyone who holds the same title, preamble and articles.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(*, title: str, preamble: str, content: list[dict[str, Any]]) -> str:
    """Keys sorted, no insignificant whitespace, UTF-8 text kept as is."""
    return json.dumps(
        {"title": title, "preamble": preamble, "content": content},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def version_hash(*, title: str, preamble: str, content: list[dict[str, Any]]) -> str:
    text = canonical_json(title=title, preamble=preamble, content=content)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(version: Any) -> str:
    """Recompute the hash of a stored DocumentVersion (to check it was not altered)."""
    return version_hash(title=version.title, preamble=version.preamble, content=version.content)
