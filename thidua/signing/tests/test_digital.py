"""Leaders sign the covenant's PDF with their own certificate (their own tool) and upload it;
the product accepts only a file that is exactly the issued one plus one good signature."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pypdf import PdfReader, PdfWriter

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.drafting.models import DocumentVersion
from thidua.reports import sealing
from thidua.reports.models import IssuedPdf
from thidua.signing import digital, pdfcheck, selectors
from thidua.signing.models import LeaderCertificate, Signature, SignatureMethod
from thidua.signing.tests.helpers import leaders, make_version, signing_ready
from thidua.testing.pki import PASSPHRASE, make_pki

pytestmark = pytest.mark.django_db

NAMES = ["Member Leader", "Head Leader", "Deputy Leader", "Fourth Leader"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def pki():
    return make_pki([(n, "Hội") for n in NAMES])


@pytest.fixture
def ready(cast, pki):
    version = signing_ready(cast)
    people = leaders(cast)
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem, name="TEST Root")
    digital.add_trust_anchor(actor=cast.board, data=pki.intermediate.pem, name="TEST Sub")
    return version, people


def _signer(pki, leaf):
    chain = [pki.untrusted_root] if leaf is pki.untrusted else pki.chain()
    return signers.SimpleSigner.load_pkcs12_data(
        leaf.pkcs12(chain, PASSPHRASE), other_certs=[], passphrase=PASSPHRASE
    )


def _sign(data: bytes, pki, leaf, n: int = 1) -> bytes:
    """What a leader's signing tool does: one more signature, appended to the exact file."""
    return sealing.sign(
        data,
        _signer(pki, leaf),
        field=f"Leader{n}",
        text=f"Ký bởi {leaf.cert.subject.rfc4514_string()}",
        box=(40 + 120 * (n % 4), 40, 150 + 120 * (n % 4), 80),
    )


def _upload(data: bytes, name: str = "signed.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _to_sign(cast, version) -> bytes:
    return bytes(digital.file_to_sign(cycle=cast.cycle, version=version).content)


def test_a_leader_signs_the_issued_file_with_their_own_certificate(cast, pki, ready):
    version, people = ready
    original = _to_sign(cast, version)
    signed = _sign(original, pki, pki.leaders[0])
    signature = digital.sign_with_upload(
        actor=people[0], cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    assert signature.method == SignatureMethod.DIGITAL
    assert signature.unit == cast.member_org
    assert "Member Leader" in signature.certificate_subject
    assert bytes(signature.signed_pdf.content) == signed
    assert IssuedPdf.objects.filter(sha256=signature.signed_pdf.sha256).exists()
    # Matched by its subject, the certificate is now registered on the leader's profile.
    assert LeaderCertificate.objects.get().person == people[0]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"signing.signature.add", "signing.certificate.register"} <= actions
    # The next leader gets the file carrying this signature.
    assert _to_sign(cast, version) == signed


def test_three_leaders_sign_one_file_in_turn_and_then_the_fourth_brings_it_into_force(
    cast, pki, ready
):
    version, people = ready
    for n, (person, leaf) in enumerate(zip(people[:3], pki.leaders[:3], strict=True), start=1):
        current = _to_sign(cast, version)
        digital.sign_with_upload(
            actor=person,
            cycle=cast.cycle,
            version=version,
            upload=_upload(_sign(current, pki, leaf, n)),
        )
    final = _to_sign(cast, version)
    report = pdfcheck.check(final)
    assert [s.verdict for s in report.signatures] == ["valid", "valid", "valid"]
    assert [s.signer for s in report.signatures] == NAMES[:3]
    assert not selectors.covenant_status(cast.cycle).in_force
    fourth = make_pki_leaf(pki, "Fourth Leader")
    digital.sign_with_upload(
        actor=people[3],
        cycle=cast.cycle,
        version=version,
        upload=_upload(_sign(final, pki, fourth, 4)),
    )
    assert selectors.covenant_status(cast.cycle).in_force
    assert Signature.objects.filter(version=version, method=SignatureMethod.DIGITAL).count() == 4


def make_pki_leaf(pki, name):
    from thidua.lib.pki import issue

    return issue(name, issuer=pki.intermediate, organisation="Hội")


def _refused(cast, person, version, data: bytes, needle: str) -> None:
    before = Signature.objects.count(), IssuedPdf.objects.count()
    with pytest.raises(DomainError) as error:
        digital.sign_with_upload(
            actor=person, cycle=cast.cycle, version=version, upload=_upload(data)
        )
    assert needle in error.value.message
    assert error.value.field == "signed_pdf"
    assert (Signature.objects.count(), IssuedPdf.objects.count()) == before


def test_bad_uploads_are_refused_each_with_its_reason_and_nothing_recorded(cast, pki, ready):
    version, people = ready
    leader = people[0]
    original = _to_sign(cast, version)
    good = _sign(original, pki, pki.leaders[0])
    _refused(cast, leader, version, b"PK\x03\x04 not a pdf", "not a PDF")
    _refused(cast, leader, version, good[: len(good) // 2], "damaged")
    # Encrypted.
    writer = PdfWriter(clone_from=PdfReader(BytesIO(good)))
    writer.encrypt("secret")
    out = BytesIO()
    writer.write(out)
    _refused(cast, leader, version, out.getvalue(), "encrypted")
    # Too large.
    with pytest.raises(DomainError) as error:
        digital.sign_with_upload(
            actor=leader,
            cycle=cast.cycle,
            version=version,
            upload=_upload(good + b"%" * (21 * 1024 * 1024)),
        )
    assert "20 MB" in error.value.message
    # Unsigned: the issued file itself.
    _refused(cast, leader, version, original, "no new digital signature")
    # A signature over only part of the file: something appended after signing.
    writer2 = IncrementalPdfFileWriter(BytesIO(good))
    writer2.root["/Lang"] = writer2.root.get("/Lang", None) or __import__(
        "pyhanko.pdf_utils.generic", fromlist=["x"]
    ).TextStringObject("en")
    writer2.update_root()
    appended = BytesIO()
    writer2.write(appended)
    _refused(cast, leader, version, appended.getvalue(), "only part of the file")
    # One byte changed inside the signed revision, after the original's bytes.
    changed = bytearray(good)
    at = len(original) + (len(good) - len(original)) // 2
    changed[at] = changed[at] ^ 0x01
    with pytest.raises(DomainError):
        digital.sign_with_upload(
            actor=leader, cycle=cast.cycle, version=version, upload=_upload(bytes(changed))
        )
    # Signed by someone else.
    _refused(cast, leader, version, _sign(original, pki, pki.leaders[1]), "Head Leader")
    # Expired, untrusted.
    _refused(cast, leader, version, _sign(original, pki, pki.expired), "not valid when")
    _refused(cast, leader, version, _sign(original, pki, pki.untrusted), "does not chain")
    # A file that is not the issued one.
    other = _sign(_sign(original, pki, pki.leaders[2], 3)[:-1] + b"\n", pki, pki.leaders[0])
    with pytest.raises(DomainError):
        digital.sign_with_upload(
            actor=leader, cycle=cast.cycle, version=version, upload=_upload(other)
        )
    assert Signature.objects.count() == 0


def test_a_file_of_a_superseded_version_is_refused(cast, pki, ready):
    version, people = ready
    old_file = _to_sign(cast, version)
    newer = make_version(cast, number=2)
    assert newer.pk != version.pk
    _refused(cast, people[0], newer, _sign(old_file, pki, pki.leaders[0]), "superseded version")


def test_another_leader_signing_first_asks_to_download_again(cast, pki, ready):
    version, people = ready
    original = _to_sign(cast, version)
    digital.sign_with_upload(
        actor=people[1],
        cycle=cast.cycle,
        version=version,
        upload=_upload(_sign(original, pki, pki.leaders[1], 2)),
    )
    _refused(
        cast, people[0], version, _sign(original, pki, pki.leaders[0]), "Download the file again"
    )


def test_a_certificate_registered_by_the_board_signs_for_its_person(cast, pki, ready):
    version, people = ready
    other_name = make_pki_leaf(pki, "Nguyễn Văn Khác")
    digital.register_certificate(actor=cast.board, person=people[0], data=other_name.pem)
    original = _to_sign(cast, version)
    signature = digital.sign_with_upload(
        actor=people[0],
        cycle=cast.cycle,
        version=version,
        upload=_upload(_sign(original, pki, other_name)),
    )
    assert signature.unit == cast.member_org
    with pytest.raises(DomainError):
        digital.register_certificate(actor=people[0], person=people[0], data=other_name.pem)


def test_only_the_board_trusts_a_ca_and_only_ca_certificates(cast, pki):
    with pytest.raises(DomainError):
        digital.add_trust_anchor(actor=cast.member_leader, data=pki.root.pem)
    with pytest.raises(DomainError) as error:
        digital.add_trust_anchor(actor=cast.board, data=pki.leaders[0].pem)
    assert "certificate authority" in error.value.message
    with pytest.raises(DomainError):
        digital.add_trust_anchor(actor=cast.board, data=b"garbage")
    assert DocumentVersion.objects.count() == 0


def test_the_archive_carries_the_signed_file_and_its_validation_report(cast, pki, ready):
    from thidua.reports import archive

    version, people = ready
    signed = _sign(_to_sign(cast, version), pki, pki.leaders[0])
    digital.sign_with_upload(
        actor=people[0], cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    files = {path: item.content for path, item in archive.collect(cast.cycle).items()}
    assert files["signing/covenant-digitally-signed.pdf"] == signed
    report = files["signing/covenant-digitally-signed.validation.txt"].decode()
    assert "signature 1: valid; signer: Common Name: Member Leader" in report
    assert "revocation: not checked" in report
    key = pki.leaders[0].key.private_numbers().private_value.to_bytes(32, "big")
    assert not any(key in content or PASSPHRASE in content for content in files.values())
