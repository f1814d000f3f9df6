"""Checkpoints: the heads of the audit chains, anchored outside the database.

The hash chain shows an event altered or removed in the middle of the log, but someone with rights
on the database can delete the last events and rewrite the head row: the shorter chain still
verifies. `write_checkpoint()` (`manage.py audit_checkpoint` from cron, and every `backup`) appends
the head of every chain to a file outside the database (`settings.AUDIT_CHECKPOINT_FILE`), one JSON
line each time, signed with an HMAC key derived from SECRET_KEY, which the database never holds. The
line can also be e-mailed to the Board (`settings.AUDIT_CHECKPOINT_EMAILS`).

`verify()` holds the log to the file: an event that a checkpoint recorded and that is now missing,
or has another hash, means that the log was cut short, rolled back or rewritten; a line whose
signature is wrong was not written by this instance. Restoring a backup takes the log back on
purpose: `restore` appends a signed "restore" line, and the events that earlier checkpoints
recorded after the restored head are then reported as lost in that restore, not as tampering.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.audit import ChainHead

FORMAT_VERSION = 1
CHECKPOINT, RESTORE = "checkpoint", "restore"
_KEY_PURPOSE = b"thidua: audit checkpoint signing key, v1"
#: How much of the file's end is read to find the latest checkpoint (a line is ~300 bytes).
_TAIL_BYTES = 64 * 1024


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


# --- keys and signatures ----------------------------------------------------------------------


def _derive(secret: str) -> bytes:
    return hmac.new(secret.encode(), _KEY_PURPOSE, hashlib.sha256).digest()


def _fingerprint(key: bytes) -> str:
    """Names the key in each line, so that a line signed before SECRET_KEY changed is told apart
    from a forged one (it reveals nothing about the key)."""
    return hashlib.sha256(b"fingerprint:" + key).hexdigest()[:16]


def _verifying_keys() -> dict[str, bytes]:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return {_fingerprint(key): key for key in map(_derive, secrets)}


def _canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _signature(body: dict[str, Any], key: bytes) -> str:
    return hmac.new(key, _canonical(body).encode(), hashlib.sha256).hexdigest()


# --- the lines --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """One signed line of the file: the heads of the chains at a time (or after a restore)."""

    line: int
    kind: str
    at: dt.datetime
    heads: tuple[ChainHead, ...]
    archive: str = ""
    text: str = ""

    @property
    def is_restore(self) -> bool:
        return self.kind == RESTORE


@dataclass(frozen=True)
class BadLine:
    line: int
    # "unreadable", "forged" (wrong signature) or "unknown_key" (signed with a key not held)
    reason: str


@dataclass(frozen=True)
class _Parsed:
    checkpoint: Checkpoint | None
    bad: BadLine | None
    written_as: int = 0  # the line number the line says it was written as


def _parse(raw: bytes, number: int, keys: dict[str, bytes]) -> _Parsed:
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        signature = data.pop("sig")
        key = keys.get(data.get("key", ""))
        if key is None:
            return _Parsed(None, BadLine(number, "unknown_key"))
        if not isinstance(signature, str) or not hmac.compare_digest(
            _signature(data, key), signature
        ):
            return _Parsed(None, BadLine(number, "forged"))
        heads = tuple(
            ChainHead(str(h["chain"]), int(h["seq"]), str(h["hash"])) for h in data["chains"]
        )
        if data["kind"] not in (CHECKPOINT, RESTORE):
            raise ValueError("unknown kind")
        at = dt.datetime.fromisoformat(data["at"])
        checkpoint = Checkpoint(
            line=number,
            kind=data["kind"],
            at=at,
            heads=heads,
            archive=str(data.get("archive", "")),
            text=raw.decode("utf-8").strip(),
        )
        return _Parsed(checkpoint, None, int(data["n"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return _Parsed(None, BadLine(number, "unreadable"))


@dataclass
class Reading:
    exists: bool
    checkpoints: list[Checkpoint] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)
    # (line, the number it was written as) where lines before it were removed or added
    renumbered: list[tuple[int, int]] = field(default_factory=list)


def read_checkpoints(path: Path | None = None) -> Reading:
    path = path or checkpoint_file()
    if not path.exists():
        return Reading(exists=False)
    reading, keys, shift = Reading(exists=True), _verifying_keys(), 0
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            parsed = _parse(raw, number, keys)
            if parsed.bad is not None:
                reading.bad.append(parsed.bad)
                continue
            assert parsed.checkpoint is not None
            reading.checkpoints.append(parsed.checkpoint)
            if parsed.written_as - number != shift:
                shift = parsed.written_as - number
                reading.renumbered.append((number, parsed.written_as))
    return reading


def latest_checkpoint(path: Path | None = None) -> Checkpoint | None:
    """The last line with a good signature, read from the file's end (the public portal)."""
    path = path or checkpoint_file()
    try:
        with path.open("rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - _TAIL_BYTES))
            tail = f.read()
    except FileNotFoundError:
        return None
    keys = _verifying_keys()
    for raw in reversed(tail.splitlines()[1 if size > _TAIL_BYTES else 0 :]):
        parsed = _parse(raw, 0, keys)
        if parsed.checkpoint is not None:
            return parsed.checkpoint
    return None


def write_checkpoint(
    *, kind: str = CHECKPOINT, heads: Sequence[ChainHead] | None = None, archive: str = ""
) -> Checkpoint:
    """Append the heads of every chain (or `heads`) as one signed line and return it.

    The file is opened for appending only and locked while the line's number is counted, so
    that cron and a backup writing at the same moment each get their own line."""
    heads = list(heads) if heads is not None else audit.chain_heads()
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = _derive(settings.SECRET_KEY)
    at = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        existing = _read_fd(fd)
        # A line cut short by a crash stays a line of its own (reported as unreadable).
        lead = b"\n" if existing and not existing.endswith(b"\n") else b""
        number = existing.count(b"\n") + (2 if lead else 1)
        body: dict[str, Any] = {
            "v": FORMAT_VERSION,
            "n": number,
            "kind": kind,
            "at": at.isoformat(),
            "site": settings.SITE_URL,
            "chains": [{"chain": h.chain, "seq": h.seq, "hash": h.hash} for h in heads],
            "key": _fingerprint(key),
        }
        if archive:
            body["archive"] = archive
        body["sig"] = _signature(body, key)
        text = _canonical(body)
        os.write(fd, lead + text.encode() + b"\n")
        os.fsync(fd)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return Checkpoint(number, kind, at, tuple(heads), archive, text)


def _read_fd(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def mail_checkpoint(checkpoint: Checkpoint) -> int:
    """Send the line to the addresses of AUDIT_CHECKPOINT_EMAILS (none: nothing is sent)."""
    recipients = list(settings.AUDIT_CHECKPOINT_EMAILS)
    if not recipients:
        return 0
    heads = ", ".join(f"{h.chain} #{h.seq} {h.hash}" for h in checkpoint.heads)
    subject = _("Audit log checkpoint: %(heads)s") % {"heads": _heads_short(checkpoint)}
    body = "\n\n".join(
        [
            _(
                "The audit log of %(site)s was anchored at %(time)s: %(heads)s. Keep this e-mail: "
                "the signed line below lets anyone check later that no event recorded up to "
                "then was removed (manage.py verify_audit)."
            )
            % {"site": settings.SITE_URL or "thidua", "time": when(checkpoint.at), "heads": heads},
            checkpoint.text,
        ]
    )
    return send_mail(subject, body + "\n", None, recipients)


def _heads_short(checkpoint: Checkpoint) -> str:
    return ", ".join(f"#{h.seq} {h.hash[:12]}" for h in checkpoint.heads)


# --- holding the log to the checkpoints ---------------------------------------------------------


def when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M:%S")


def _n(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


@dataclass(frozen=True)
class Finding:
    """Something the checkpoints say about the log. `broken` findings mean tampering (or a
    damaged file); the others are facts to know (events lost in a recorded restore)."""

    kind: str
    broken: bool
    line: int = 0
    chain: str = ""
    first: int = 0
    last: int = 0
    end: int = 0
    at: dt.datetime | None = None
    written_as: int = 0

    def message(self) -> str:
        values = {
            "line": _n(self.line),
            "first": _n(self.first),
            "last": _n(self.last),
            "end": _n(self.end),
            "time": when(self.at) if self.at else "",
            "n": _n(self.written_as),
        }
        text = self._text() % values
        if self.chain and self.chain != audit.MAIN_CHAIN:
            text = _("Chain “%(chain)s”: %(text)s") % {"chain": self.chain, "text": text}
        return text

    def _text(self) -> str:
        if self.kind == "missing" and self.first == self.last:
            return _(
                "Event #%(first)s, recorded by the checkpoint of %(time)s (line %(line)s), is "
                "missing: the log now ends at #%(end)s."
            )
        if self.kind == "missing":
            return _(
                "Events #%(first)s–#%(last)s, recorded by the checkpoint of %(time)s (line "
                "%(line)s), are missing: the log now ends at #%(end)s."
            )
        if self.kind == "hole":
            return _(
                "Event #%(first)s, recorded by the checkpoint of %(time)s (line %(line)s), is "
                "missing from the log."
            )
        if self.kind == "rewritten":
            return _(
                "Event #%(first)s no longer has the hash recorded by the checkpoint of %(time)s "
                "(line %(line)s): the log was rewritten or rolled back at or before it."
            )
        if self.kind == "forged":
            return _(
                "Line %(line)s of the checkpoint file has a wrong signature: this instance did "
                "not write it (forged or altered)."
            )
        if self.kind == "unknown_key":
            return _(
                "Line %(line)s of the checkpoint file is signed with a key this instance does "
                "not hold: forged, or written before SECRET_KEY changed (keep the old key in "
                "SECRET_KEY_FALLBACKS)."
            )
        if self.kind == "renumbered":
            return _(
                "Lines of the checkpoint file were removed or added before line %(line)s (it "
                "was written as line %(n)s)."
            )
        if self.kind == "lost_in_restore" and self.first == self.last:
            return _(
                "Event #%(first)s, recorded by an earlier checkpoint, was lost when a backup was "
                "restored on %(time)s."
            )
        if self.kind == "lost_in_restore":
            return _(
                "Events #%(first)s–#%(last)s, recorded by earlier checkpoints, were lost when a "
                "backup was restored on %(time)s."
            )
        return _("Line %(line)s of the checkpoint file cannot be read.")


# How each checkpoint line compares with the log.
MATCHES, DIFFERS, SUPERSEDED, UNCHECKED = "matches", "differs", "superseded", "unchecked"


@dataclass
class Verdict:
    exists: bool
    checkpoints: list[Checkpoint]
    findings: list[Finding]
    status: dict[int, str]  # line → MATCHES / DIFFERS / SUPERSEDED / UNCHECKED
    checked: int = 0  # checkpoint lines held against the log

    @property
    def broken(self) -> bool:
        return any(f.broken for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.broken]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if not f.broken]

    @property
    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


@dataclass(frozen=True)
class _Claim:
    checkpoint: Checkpoint
    head: ChainHead


def verify(reading: Reading | None = None, *, recent: int | None = None) -> Verdict:
    """Hold the log to the checkpoints. With `recent`, only the last `recent` lines and the
    latest claim on each chain are looked up (the Board's page); by default all of them are
    (`verify_audit`)."""
    reading = reading if reading is not None else read_checkpoints()
    findings = [Finding(b.reason, True, line=b.line) for b in reading.bad]
    findings += [Finding("renumbered", True, line=ln, written_as=n) for ln, n in reading.renumbered]
    claims, superseded = _claims(reading.checkpoints, findings)
    status = {cp.line: UNCHECKED for cp in reading.checkpoints}
    status.update(dict.fromkeys(superseded, SUPERSEDED))
    if recent is not None:
        keep = {cp.line for cp in reading.checkpoints[-recent:]}
        latest: dict[str, _Claim] = {}
        for claim in claims:
            latest[claim.head.chain] = max(
                latest.get(claim.head.chain, claim), claim, key=lambda c: c.head.seq
            )
        chosen = [c for c in claims if c.checkpoint.line in keep]
        claims = chosen + [c for c in latest.values() if c not in chosen]
    differs: set[int] = set()
    for chain in sorted({c.head.chain for c in claims}):
        mine = [c for c in claims if c.head.chain == chain]
        findings += _hold_chain(chain, mine, differs)
    for claim in claims:
        line = claim.checkpoint.line
        if line in differs:
            status[line] = DIFFERS
        elif status[line] == UNCHECKED:
            status[line] = MATCHES
    checked = len({c.checkpoint.line for c in claims})
    return Verdict(reading.exists, reading.checkpoints, findings, status, checked)


def _claims(
    checkpoints: list[Checkpoint], findings: list[Finding]
) -> tuple[list[_Claim], set[int]]:
    """Every head each line records, in file order; a restore line withdraws what earlier lines
    recorded after the head it restored (reported as lost in that restore)."""
    claims: list[_Claim] = []
    superseded: set[int] = set()
    for cp in checkpoints:
        if cp.is_restore:
            for head in cp.heads:
                lost = [c for c in claims if c.head.chain == head.chain and c.head.seq > head.seq]
                if lost:
                    findings.append(
                        Finding(
                            "lost_in_restore",
                            False,
                            line=cp.line,
                            chain=head.chain,
                            first=head.seq + 1,
                            last=max(c.head.seq for c in lost),
                            at=cp.at,
                        )
                    )
                    superseded.update(c.checkpoint.line for c in lost)
                    claims = [c for c in claims if c not in lost]
        claims += [_Claim(cp, head) for head in cp.heads]
    return claims, superseded


def _hold_chain(chain: str, claims: list[_Claim], differs: set[int]) -> list[Finding]:
    stored = audit.event_hashes(chain, [c.head.seq for c in claims if c.head.seq])
    end = audit.last_event_seq(chain)
    beyond: list[_Claim] = []
    holes: list[_Claim] = []
    rewritten: list[_Claim] = []
    for claim in claims:
        seq = claim.head.seq
        if seq == 0:
            continue
        if seq not in stored:
            (beyond if seq > end else holes).append(claim)
        elif stored[seq] != claim.head.hash:
            rewritten.append(claim)
        else:
            continue
        differs.add(claim.checkpoint.line)
    found = []
    if beyond:
        latest = max(beyond, key=lambda c: (c.head.seq, c.checkpoint.line))
        found.append(_finding("missing", latest, chain, first=end + 1, end=end))
    if holes:
        found.append(_finding("hole", min(holes, key=lambda c: c.head.seq), chain))
    if rewritten:
        found.append(_finding("rewritten", min(rewritten, key=lambda c: c.head.seq), chain))
    return found


def _finding(kind: str, claim: _Claim, chain: str, **values: int) -> Finding:
    values.setdefault("first", claim.head.seq)
    return Finding(
        kind,
        True,
        line=claim.checkpoint.line,
        chain=chain,
        last=claim.head.seq,
        at=claim.checkpoint.at,
        **values,
    )


# --- what the Board's audit page and the public portal show ---------------------------------


@dataclass(frozen=True)
class CheckpointRow:
    line: int
    at: dt.datetime
    is_restore: bool
    archive: str
    heads: tuple[ChainHead, ...]
    status: str


@dataclass(frozen=True)
class Overview:
    exists: bool
    broken: bool
    checked: int
    problems: list[str]
    notes: list[str]
    rows: list[CheckpointRow]  # newest first
    several_chains: bool


def overview(recent: int = 10) -> Overview:
    """The recent checkpoints and whether the log matches them, in the active language."""
    verdict = verify(recent=recent)
    rows = [
        CheckpointRow(cp.line, cp.at, cp.is_restore, cp.archive, cp.heads, verdict.status[cp.line])
        for cp in reversed(verdict.checkpoints[-recent:])
    ]
    return Overview(
        exists=verdict.exists,
        broken=verdict.broken,
        checked=verdict.checked,
        problems=[f.message() for f in verdict.problems],
        notes=[f.message() for f in verdict.notes],
        rows=rows,
        several_chains=len(audit.chain_ids()) > 1,
    )
