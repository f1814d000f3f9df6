"""Uploads waiting between the preview and the confirmation, in the default storage (MEDIA_ROOT
or the shared bucket), so that any server can show the preview and apply the confirmation."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone

from thidua.lib.text import nfc
from thidua.orgs.importer.applying import ImportSummary

KEEP_FOR = dt.timedelta(hours=24)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
FOLDER = "imports"


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
    def data_name(self) -> str:
        return f"{FOLDER}/{self.token}.xlsx"

    @property
    def claimed_name(self) -> str:
        return f"{FOLDER}/{self.token}.claimed"

    @property
    def meta_name(self) -> str:
        return f"{FOLDER}/{self.token}.json"


def _storage() -> Storage:
    return storages["default"]


def _read(name: str) -> bytes | None:
    try:
        with _storage().open(name, "rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError):
        return None


def _write(name: str, content: bytes) -> None:
    """Store `content` under exactly `name`, replacing what was there."""
    storage = _storage()
    storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another writer got there between the two calls
        storage.delete(saved)
        raise OSError(f"{name} was written concurrently")


def store_upload(*, user: Any, file_name: str, fileobj: IO[bytes]) -> StoredUpload:
    """Keep the file for the preview and the confirmation. A person has one pending import:
    a new upload replaces the previous one."""
    _sweep(user_id=user.pk)
    token = secrets.token_urlsafe(24)
    digest = hashlib.sha256()
    fileobj.seek(0)
    while chunk := fileobj.read(64 * 1024):
        digest.update(chunk)
    size = fileobj.tell()
    fileobj.seek(0)
    upload = StoredUpload(
        token,
        user.pk,
        nfc(Path(file_name).name)[:200],
        digest.hexdigest(),
        size,
        timezone.now().isoformat(),
    )
    _storage().save(upload.data_name, File(fileobj))
    _write_meta(upload)
    return upload


def find_upload(token: str) -> StoredUpload | None:
    """The stored upload, whoever owns it (the caller checks), or None (unknown or expired)."""
    if not _TOKEN.fullmatch(token):
        return None
    meta = _read(f"{FOLDER}/{token}.json")
    try:
        upload = StoredUpload(**json.loads(meta or b""))
    except (ValueError, TypeError):
        return None
    if timezone.now() - upload.uploaded > KEEP_FOR:
        return None
    return upload


def read_upload(upload: StoredUpload) -> bytes | None:
    return _read(upload.data_name)


def read_claimed(upload: StoredUpload) -> bytes | None:
    """The file a confirmation took for applying (e.g. by a background job), or None."""
    return _read(upload.claimed_name)


def claim_upload(upload: StoredUpload) -> bytes | None:
    """Take the file for applying: of two confirmations at once (on any server), one wins, the
    other gets None. The owner's row is locked while the file moves (SQLite: the transaction
    takes the write lock), since a storage has no atomic rename."""
    User = get_user_model()
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk=upload.user_id).values_list("pk"))
        data = _read(upload.data_name)
        if data is None:
            return None
        _write(upload.claimed_name, data)
        _storage().delete(upload.data_name)
    return data


def release_upload(upload: StoredUpload) -> None:
    """Give a claimed file back after a failed attempt, for another preview."""
    data = _read(upload.claimed_name)
    if data is not None:
        _write(upload.data_name, data)
        _storage().delete(upload.claimed_name)


def finish_upload(upload: StoredUpload, summary: ImportSummary) -> None:
    """Delete the file; the note that it was applied stays (until it expires) so that a second
    confirmation can say so."""
    _storage().delete(upload.claimed_name)
    _write_meta(StoredUpload(**{**upload.__dict__, "applied": summary.__dict__}))


def discard_upload(upload: StoredUpload) -> None:
    for name in (upload.data_name, upload.claimed_name, upload.meta_name):
        _storage().delete(name)


def _write_meta(upload: StoredUpload) -> None:
    _write(upload.meta_name, json.dumps(upload.__dict__).encode())


def _sweep(*, user_id: int) -> None:
    """Remove expired uploads, and this person's pending ones."""
    try:
        names = _storage().listdir(FOLDER)[1]
    except FileNotFoundError:
        return
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            upload = StoredUpload(**json.loads(_read(f"{FOLDER}/{name}") or b""))
        except (ValueError, TypeError):
            continue
        expired = timezone.now() - upload.uploaded > KEEP_FOR
        if expired or (upload.user_id == user_id and upload.applied is None):
            discard_upload(upload)
