"""Consistent backups of the database and uploaded files, and their restore.

SQLite uses the online backup API (safe while the server runs); PostgreSQL uses pg_dump/psql.
A backup is one .tar.gz holding `database.sqlite3` or `database.sql`, the `media/` folder (the
uploaded files and job results: MEDIA_ROOT, or the S3 bucket read through the storage API when
the files live there) and a `manifest.json` with the audit chain head at the time, so a restore
can be checked. Each backup first writes a signed checkpoint of that head (checkpoints.py) and
keeps a copy of the checkpoint file in the archive, for the record off the machine; a restore
never puts that copy back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection

from thidua.core import audit, checkpoints


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
            "PGPASSWORD": str(db.get("PASSWORD") or ""),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    return env


def _bucket() -> Storage | None:
    """The storage of uploads and job results when it is not MEDIA_ROOT on this disk (the S3
    bucket of several servers: README, "Several servers"), else None."""
    storage = storages["default"]
    return None if isinstance(storage, FileSystemStorage) else storage


def _stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in the storage, through folders as its listing gives them."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _archive_bucket(tar: tarfile.TarFile, storage: Storage) -> None:
    """Add every file of the bucket under media/, as MEDIA_ROOT's would be. The media/ folder
    is written even for an empty bucket: restoring it empties the bucket."""
    folder = tarfile.TarInfo("media")
    folder.type, folder.mode = tarfile.DIRTYPE, 0o700
    folder.mtime = int(dt.datetime.now().timestamp())
    tar.addfile(folder)
    for name in _stored_names(storage):
        with storage.open(name, "rb") as stored:
            info = tarfile.TarInfo(f"media/{name}")
            info.size, info.mode = stored.size, 0o600
            info.mtime = int(storage.get_modified_time(name).timestamp())
            tar.addfile(info, stored)


def _restore_bucket(folder: Path, storage: Storage) -> None:
    """Make the bucket hold exactly the archive's files: those it no longer had come back,
    those written after the backup go, as MEDIA_ROOT is replaced on a single server."""
    if not folder.exists():  # an archive without files: they are left as they are
        return
    for name in list(_stored_names(storage)):
        storage.delete(name)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        with path.open("rb") as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:
            raise RuntimeError(f"{name} was restored as {saved}: the bucket was not emptied")


def create_backup(target_dir: Path) -> Path:
    """Write the archive and return its path (after appending a checkpoint of the audit log)."""
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = target_dir / f"thidua-{stamp}.tar.gz"
    checkpoint = checkpoints.write_checkpoint()
    main = next(h for h in checkpoint.heads if h.chain == audit.MAIN_CHAIN)
    bucket = _bucket()
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "vendor": connection.vendor,
        "files_from": "bucket" if bucket is not None else "MEDIA_ROOT",
        # Events in all chains (restore verifies that many); the main chain's head as before.
        "audit_seq": audit.total_events(checkpoint.heads),
        "audit_hash": main.hash,
        "audit_chains": [
            {"chain": h.chain, "seq": h.seq, "hash": h.hash} for h in checkpoint.heads
        ],
        "audit_checkpoint": checkpoint.text,
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            dump = work / "database.sqlite3"
            source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            dest = sqlite3.connect(str(dump))
            with dest:
                source.backup(dest)
            source.close()
            dest.close()
        elif connection.vendor == "postgresql":
            dump = work / "database.sql"
            with dump.open("wb") as out:
                subprocess.run(  # noqa: S603 - fixed arguments, no shell
                    [_tool("pg_dump"), "--no-owner", "--clean", "--if-exists"],
                    stdout=out,
                    env=_pg_env(),
                    check=True,
                )
        else:
            raise RuntimeError(f"backups are not supported for {connection.vendor}")
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(checkpoints.checkpoint_file(), arcname="audit-checkpoints.jsonl")
            media = Path(settings.MEDIA_ROOT)
            if bucket is not None:
                _archive_bucket(tar, bucket)
            elif media.exists():
                tar.add(media, arcname="media")
    return archive


def restore_backup(archive: Path) -> dict[str, object]:
    """Replace the database and media with the archive's. The server must be stopped."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest["vendor"] != connection.vendor:
            raise RuntimeError(
                f"this backup is of a {manifest['vendor']} database, not {connection.vendor}"
            )
        connection.close()
        if connection.vendor == "sqlite":
            source = sqlite3.connect(str(work / "database.sqlite3"))
            dest = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            with dest:
                source.backup(dest)
            source.close()
            dest.close()
        else:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [
                    _tool("psql"),
                    "--quiet",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-f",
                    str(work / "database.sql"),
                ],
                env=_pg_env(),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        media = Path(settings.MEDIA_ROOT)
        bucket = _bucket()
        if bucket is not None:
            _restore_bucket(work / "media", bucket)
        elif (work / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work / "media", media)
    # The versions that caches are keyed on (thidua/core/versions.py) went back with the
    # database: a page cached under a version seen again would be served stale. With CACHE_URL
    # this empties the Redis database it names.
    for cache in caches.all():
        cache.clear()
    return manifest
