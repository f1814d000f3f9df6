"""Uploads waiting between the preview and the confirmation, on the server's disk."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from thidua.lib.text import nfc
from thidua.orgs.importer.applying import ImportSummary

KEEP_FOR = dt.timedelta(hours=24)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass(frozen=True)
class StoredUpload:
    token: str
    user_id: int
    file_name: str
    sha256: str
    size: int
    uploaded_at: str
    applied: dict[str, int] | None = None

    @property
    def uploaded(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.uploaded_at)

    @property
    def data_path(self) -> Path:
        return _folder() / f"{self.token}.xlsx"

    @property
    def claimed_path(self) -> Path:
        return _folder() / f"{self.token}.claimed"

    @property
    def meta_path(self) -> Path:
        return _folder() / f"{self.token}.json"


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def store_upload(*, user: Any, file_name: str, fileobj: IO[bytes]) -> StoredUpload:
    """Keep the file for the preview and the confirmation. A person has one pending import:
    a new upload replaces the previous one."""
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(user_id=user.pk)
    token = secrets.token_urlsafe(24)
    digest, size = hashlib.sha256(), 0
    fileobj.seek(0)
    with open(folder / f"{token}.xlsx", "wb") as out:
        while chunk := fileobj.read(64 * 1024):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    upload = StoredUpload(
        token,
        user.pk,
        nfc(Path(file_name).name)[:200],
        digest.hexdigest(),
        size,
        timezone.now().isoformat(),
    )
    _write_meta(upload)
    return upload


def find_upload(token: str) -> StoredUpload | None:
    """The stored upload, whoever owns it (the caller checks), or None (unknown or expired)."""
    if not _TOKEN.fullmatch(token):
        return None
    try:
        upload = StoredUpload(**json.loads((_folder() / f"{token}.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if timezone.now() - upload.uploaded > KEEP_FOR:
        return None
    return upload


def read_upload(upload: StoredUpload) -> bytes | None:
    try:
        return upload.data_path.read_bytes()
    except FileNotFoundError:
        return None


def claim_upload(upload: StoredUpload) -> bytes | None:
    """Take the file for applying. A rename is atomic: of two confirmations at once, one wins,
    the other gets None."""
    try:
        os.rename(upload.data_path, upload.claimed_path)
    except FileNotFoundError:
        return None
    return upload.claimed_path.read_bytes()


def release_upload(upload: StoredUpload) -> None:
    """Give a claimed file back after a failed attempt, for another preview."""
    os.rename(upload.claimed_path, upload.data_path)


def finish_upload(upload: StoredUpload, summary: ImportSummary) -> None:
    """Delete the file; the note that it was applied stays (until it expires) so that a second
    confirmation can say so."""
    upload.claimed_path.unlink(missing_ok=True)
    _write_meta(StoredUpload(**{**upload.__dict__, "applied": summary.__dict__}))


def discard_upload(upload: StoredUpload) -> None:
    for path in (upload.data_path, upload.claimed_path, upload.meta_path):
        path.unlink(missing_ok=True)


def _write_meta(upload: StoredUpload) -> None:
    temporary = upload.meta_path.with_suffix(".tmp")
    temporary.write_text(json.dumps(upload.__dict__))
    os.replace(temporary, upload.meta_path)


def _sweep(*, user_id: int) -> None:
    """Remove expired uploads, and this person's pending ones."""
    for meta in _folder().glob("*.json"):
        try:
            upload = StoredUpload(**json.loads(meta.read_text()))
        except (OSError, ValueError, TypeError):
            continue
        expired = timezone.now() - upload.uploaded > KEEP_FOR
        if expired or (upload.user_id == user_id and upload.applied is None):
            discard_upload(upload)
