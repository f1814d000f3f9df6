"""The tests' PKI, made at test time with `cryptography` (no key file is committed): a root, an
intermediate, the block's seal, three leaders, an expired leader and an untrusted root's leaf."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from thidua.lib.pki import Issued, issue

PASSPHRASE = b"test-only-passphrase"


@dataclass(frozen=True)
class TestPKI:
    root: Issued
    intermediate: Issued
    block_seal: Issued
    leaders: list[Issued]
    expired: Issued
    untrusted_root: Issued
    untrusted: Issued

    def chain(self) -> list[Issued]:
        return [self.intermediate, self.root]

    def write_pkcs12(self, leaf: Issued, folder: Path, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        chain = [self.untrusted_root] if leaf is self.untrusted else self.chain()
        path = folder / f"{name}.p12"
        path.write_bytes(leaf.pkcs12(chain, PASSPHRASE))
        (folder / f"{name}.pass").write_bytes(PASSPHRASE)
        return path


def make_pki(leader_names: list[tuple[str, str]] | None = None) -> TestPKI:
    """`leader_names`: (full name, organisation) of the leaders' certificates."""
    root = issue("TEST Root CA (test only)", ca=True, organisation="TEST PKI")
    intermediate = issue("TEST Sub CA (test only)", ca=True, issuer=root, organisation="TEST PKI")
    names = leader_names or [
        ("Lãnh đạo Một", "Đơn vị Một"),
        ("Lãnh đạo Hai", "Đơn vị Hai"),
        ("Lãnh đạo Ba", "Đơn vị Ba"),
    ]
    leaders = [issue(n, issuer=intermediate, organisation=o) for n, o in names]
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=800)
    expired = issue(
        names[0][0],
        issuer=intermediate,
        organisation=names[0][1],
        not_before=long_ago,
        not_after=long_ago + dt.timedelta(days=365),
    )
    untrusted_root = issue("Unknown Root CA", ca=True, organisation="Elsewhere")
    untrusted = issue(names[0][0], issuer=untrusted_root, organisation=names[0][1])
    return TestPKI(
        root=root,
        intermediate=intermediate,
        block_seal=issue("Khối thi đua 8", issuer=intermediate, organisation="Khối thi đua 8"),
        leaders=leaders,
        expired=expired,
        untrusted_root=untrusted_root,
        untrusted=untrusted,
    )
