from django.utils import timezone

from thidua.signing.tests.helpers import fake_pdf, make_version, set_phase, signing_ready
from thidua.tests.access_matrix import MEMBERS, Route

BOARD = frozenset({"board"})
READERS = MEMBERS | BOARD
MANAGERS = BOARD | {"head_rep"}
LEADERS = frozenset({"member_leader"})


def _cycle(cast):
    return {"cycle_pk": cast.cycle.pk}


def _ready(cast):
    signing_ready(cast)
    return _cycle(cast)


def _unfrozen(cast):
    set_phase(cast)
    make_version(cast, frozen=False)
    return _cycle(cast)


def _scan(cast):
    from thidua.signing import services

    version = signing_ready(cast)
    existing = version.signatures.first()
    if existing is not None:
        return {"pk": existing.pk}
    signature = services.record_paper_signing(
        actor=cast.board,
        cycle=cast.cycle,
        version=version,
        unit=cast.deputy_org,
        signer_name="Lê Hồng Văn",
        signer_position="Chủ tịch",
        signed_on=timezone.localdate(),
        scan=fake_pdf(),
    )
    return {"pk": signature.pk}


def _verify(cast):
    return {"sha256": "0" * 64}


ROUTES = [
    Route("signing:board", kwargs=_ready, allowed=READERS),
    # The confirmation page with its checklist; the POST is tested in test_signing.py.
    Route("signing:freeze", kwargs=_unfrozen, allowed=MANAGERS),
    Route("signing:unfreeze", kwargs=_ready, allowed=MANAGERS, method="post"),
    # Only a member unit's leader signs; representatives and the Board never do.
    Route("signing:sign", kwargs=_ready, allowed=LEADERS),
    Route("signing:paper", kwargs=_ready, allowed=MANAGERS),
    Route("signing:covenant_docx", kwargs=_ready, allowed=READERS),
    Route("signing:covenant_pdf", kwargs=_ready, allowed=READERS),
    Route("signing:scan", kwargs=_scan, allowed=READERS),
    Route("verify:lookup", public=True),
    Route("verify:detail", kwargs=_verify, public=True),
]
