"""The demo's remote signing (ký số từ xa): the leader of the Lâm Đồng block whose covenant is
being signed gets a certificate from the demo CA, held by the built-in TEST provider (as a CA's
remote signing service holds its customers' keys), so that they can sign the covenant from the
sign page and approve on the provider's page that stands for their phone.

The key is written with the demo's seals under settings.DEMO_SEALS_DIR (`remote/<username>.p12`
and its passphrase), never to the database; the certificate names the leader as their full
name, so the product recognises it as theirs (no registration needed).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from thidua.accounts.models import User
from thidua.demo import seals
from thidua.lib.pki import Issued, issue


def keys_dir() -> Path:
    return settings.DEMO_SEALS_DIR / "remote"


def install(root: Issued, leader: User) -> None:
    folder = keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    cert = issue(
        leader.full_name,
        issuer=root,
        organisation=f"{leader.organisation.name if leader.organisation else ''} (DEMO)"[:64],
        not_before=seals.START,
        not_after=seals.END,
    )
    passphrase = secrets.token_urlsafe(24).encode()
    username = leader.get_username()
    for path, content in (
        (folder / f"{username}.p12", cert.pkcs12([root], passphrase)),
        (folder / f"{username}.pass", passphrase),
    ):
        path.write_bytes(content)
        os.chmod(path, 0o600)
