"""The demo's digital seal: a demo certificate authority, clearly named as such and trusted only
in this installation, and the seal of Khối thi đua 8 that it issues, so that the demo's PDFs
(the covenant in force among them) are signed files the verification page and `verify_pdf`
accept.

The keys are written to files under the demo's own folder (settings.DEMO_SEALS_DIR), never to
the database; the Board trusts the demo root as it would a real CA (a trust anchor, public
certificate only). The certificates are valid from 2020 to 2040, so the story's dates and
today's both fall inside them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets

from django.conf import settings

from thidua.accounts.models import User
from thidua.lib.pki import Issued, issue
from thidua.orgs.models import Block
from thidua.reports import sealing
from thidua.signing import digital

ROOT_NAME = "DEMO Root CA (chỉ dùng thử)"
ROOT_ORG = "DEMO thidua — chỉ tin cậy trong bản cài đặt này"
START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
END = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)


def install(board: User, block: Block) -> Issued:
    """The demo CA and the block's seal; returns the root (its key in memory only), which
    issues the remote signing demo's leader certificate (thidua/demo/remote.py)."""
    folder = settings.DEMO_SEALS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    root = issue(ROOT_NAME, ca=True, organisation=ROOT_ORG, not_before=START, not_after=END)
    seal = issue(
        block.name,
        issuer=root,
        organisation=f"{block.name} (DEMO)"[:64],
        not_before=START,
        not_after=END,
    )
    passphrase = secrets.token_urlsafe(24).encode()
    key = sealing.block_key(block)
    stem = key.replace(":", "-")
    p12, pw = folder / f"{stem}.p12", folder / f"{stem}.pass"
    for path, content in ((p12, seal.pkcs12([root], passphrase)), (pw, passphrase)):
        path.write_bytes(content)
        os.chmod(path, 0o600)
    entries = {
        key: {
            "pkcs12": str(p12),
            "passphrase_file": str(pw),
            "name": block.name,
            # As the block's documents sign ("TM. KHỐI THI ĐUA 8"), not a made-up title.
            "position": f"TM. {block.name.upper()}",
        }
    }
    (folder / "seals.json").write_text(json.dumps(entries, ensure_ascii=False, indent=2))
    digital.add_trust_anchor(actor=board, data=root.pem, name="DEMO Root CA (chỉ dùng thử)")
    return root
