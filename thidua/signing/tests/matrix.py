from django.utils import timezone

from thidua.signing.tests.helpers import fake_pdf, make_version, set_phase, signing_ready
from thidua.tests.access_matrix import EVERYONE, MEMBERS, Route

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


def _person(cast):
    return {"pk": cast.member_leader.pk}


def _certificate(cast):
    from thidua.signing.models import LeaderCertificate

    cert, _ = LeaderCertificate.objects.get_or_create(
        fingerprint="f" * 64,
        defaults={
            "person": cast.member_leader,
            "subject": "CN=Member Leader",
            "issuer": "CN=TEST Sub CA",
            "serial": "1a",
            "not_after": timezone.now(),
            "registered_at": timezone.now(),
        },
    )
    return {"pk": cert.pk}


def _issued(cast):
    import hashlib
    import io

    from pypdf import PdfWriter

    from thidua.reports.models import IssuedPdf

    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    data = out.getvalue()
    digest = hashlib.sha256(data).hexdigest()
    IssuedPdf.objects.get_or_create(
        sha256=digest,
        defaults={
            "source_sha256": digest,
            "title": "Biên bản",
            "reference": "minutes:1",
            "issued_at": timezone.now(),
            "size": len(data),
            "content": data,
        },
    )
    return {"sha256": digest, "fmt": "txt"}


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
    # The exact file a leader signs with their own tool; any reader may download it.
    Route("signing:to_sign_pdf", kwargs=_ready, allowed=READERS),
    Route("signing:upload_signed", kwargs=_ready, allowed=LEADERS, method="post"),
    Route("signing:anchors", allowed=BOARD),
    # The register of leaders' signing certificates: the Board only.
    Route("signing:certificates", kwargs=_person, allowed=BOARD),
    Route("signing:certificate_confirm", kwargs=_certificate, allowed=BOARD, method="post"),
    Route("signing:certificate_revoke", kwargs=_certificate, allowed=BOARD),
    Route("verify:lookup", public=True),
    # Anyone may check a file (nothing is stored); an empty post is a form error (422).
    Route("verify:file", public=True, method="post", anonymous_status=422, allowed=EVERYONE),
    Route("verify:detail", kwargs=_verify, public=True),
    # The validation report (text or JSON) of a file the product issued.
    Route("verify:report", kwargs=_issued, public=True),
]
