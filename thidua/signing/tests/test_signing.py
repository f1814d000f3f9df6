"""Freezing, signing online and on paper, the covenant in force, and what changes are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.accounts import reauth
from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.drafting.models import DocumentVersion
from thidua.notifications.models import Notification
from thidua.signing import selectors, services
from thidua.signing.models import Signature, SignatureMethod
from thidua.signing.tests.helpers import fake_pdf, leaders, make_version, set_phase, signing_ready
from thidua.testing import signin


def _fresh(client, user):
    signin(client, user)
    session = client.session
    session[reauth.SESSION_KEY] = reauth._now()
    session.save()
    return client


def _sign_post(client, cast, version, position="Chủ tịch Hội"):
    return client.post(
        reverse("signing:sign", args=[cast.cycle.pk]),
        {"position": position, "confirm": "on", "sha256": version.sha256},
        REMOTE_ADDR="203.0.113.7",
    )


def test_behind_a_trusted_proxy_the_signature_keeps_the_real_clients_address(
    client, cast, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    version = signing_ready(cast)
    _fresh(client, cast.member_leader)
    client.post(
        reverse("signing:sign", args=[cast.cycle.pk]),
        {"position": "Chủ tịch Hội", "confirm": "on", "sha256": version.sha256},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    assert Signature.objects.get().ip_address == "203.0.113.9"


def test_head_freezes_the_covenant_only_in_the_signing_phase_and_leaders_are_asked(cast):
    leaders(cast)
    version = make_version(cast, frozen=False)
    with pytest.raises(DomainError):
        services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    set_phase(cast)
    services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    version.refresh_from_db()
    assert version.frozen_at is not None
    asked = Notification.objects.filter(kind="signature_requested")
    assert asked.count() == 4
    assert not asked.filter(recipient=cast.member_rep).exists()


def test_a_member_cannot_freeze_the_covenant(cast):
    set_phase(cast)
    make_version(cast, frozen=False)
    with pytest.raises(DomainError):
        services.freeze_for_signing(actor=cast.member_leader, cycle=cast.cycle)


def test_leader_signs_after_reauthentication_with_ip_position_and_hash(client, cast):
    version = signing_ready(cast)
    _fresh(client, cast.member_leader)
    page = client.get(reverse("signing:sign", args=[cast.cycle.pk]))
    assert version.sha256 in page.content.decode()
    assert "Thi đua hoàn thành xuất sắc nhiệm vụ." in page.content.decode()
    response = _sign_post(client, cast, version, position="Chủ tịch Hội Người mù")
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.unit == cast.member_org and signature.unit_name == cast.member_org.name
    assert signature.signer == cast.member_leader
    assert signature.signer_name == cast.member_leader.full_name
    assert signature.signer_position == "Chủ tịch Hội Người mù"
    assert signature.ip_address == "203.0.113.7"
    assert signature.method == SignatureMethod.ONLINE
    assert signature.version_sha256 == version.sha256


def test_stale_authentication_is_sent_to_confirm_identity_and_nothing_is_signed(client, cast):
    version = signing_ready(cast)
    signin(client, cast.member_leader)
    page = client.get(reverse("signing:sign", args=[cast.cycle.pk]))
    assert reverse("accounts:reauth") in page.content.decode()
    response = _sign_post(client, cast, version)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not Signature.objects.exists()


def test_second_submission_says_already_signed_and_keeps_one_signature(client, cast):
    version = signing_ready(cast)
    _fresh(client, cast.member_leader)
    _sign_post(client, cast, version)
    response = _sign_post(client, cast, version)
    assert response.status_code == 302
    assert Signature.objects.count() == 1
    follow = client.get(response["Location"])
    assert "already signed" in follow.content.decode() or "đã ký" in follow.content.decode()


@pytest.mark.parametrize("role", ["member_rep", "head_rep", "board", "outsider"])
def test_only_a_member_units_leader_may_sign(client, cast, role):
    version = signing_ready(cast)
    user = cast.users()[role]
    _fresh(client, user)
    response = _sign_post(client, cast, version)
    assert response.status_code in (403, 404)
    with pytest.raises(DomainError):
        services.sign_online(actor=user, cycle=cast.cycle, version=version)
    assert not Signature.objects.exists()


def test_a_leader_of_another_block_cannot_sign(client, cast):
    from thidua.accounts.models import Role
    from thidua.testing import make_person

    version = signing_ready(cast)
    other = make_person("other_leader", Role.LEADER, cast.outsider_org)
    _fresh(client, other)
    assert _sign_post(client, cast, version).status_code == 404
    with pytest.raises(DomainError):
        services.sign_online(actor=other, cycle=cast.cycle, version=version)


def test_a_changed_text_is_refused(cast):
    version = signing_ready(cast)
    DocumentVersion.objects.filter(pk=version.pk).update(
        content=[{"key": "x", "body": "<p>khác</p>"}]
    )
    version.refresh_from_db()
    with pytest.raises(DomainError):
        services.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=version)
    assert not Signature.objects.exists()


def test_a_superseded_version_cannot_be_signed(cast):
    old = signing_ready(cast)
    make_version(cast, number=2, frozen=True, heading="Nội dung sửa đổi")
    with pytest.raises(DomainError):
        services.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=old)


def test_a_signed_version_cannot_be_unfrozen(cast):
    version = signing_ready(cast)
    services.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=version)
    with pytest.raises(DomainError):
        services.unfreeze_for_signing(actor=cast.head_rep, version=version)
    version.refresh_from_db()
    assert version.frozen_at is not None


def test_paper_signing_keeps_the_scan_and_serves_it_only_to_readers(client, cast):
    signing_ready(cast)
    signin(client, cast.head_rep)
    response = client.post(
        reverse("signing:paper", args=[cast.cycle.pk]),
        {
            "unit": cast.deputy_org.pk,
            "signer_name": "Lê Hồng Văn",
            "signer_position": "Chủ tịch",
            "signed_on": "2025-03-25",
            "scan": fake_pdf(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    signature = Signature.objects.get()
    assert signature.method == SignatureMethod.PAPER and signature.evidence.name.endswith(".pdf")
    assert signature.signed_at.date() == dt.date(2025, 3, 25)
    url = reverse("signing:scan", args=[signature.pk])
    assert client.get(url).status_code == 200
    signin(client, cast.outsider)
    assert client.get(url).status_code == 404


def test_a_renamed_text_file_is_refused_as_a_scan(client, cast):
    version = signing_ready(cast)
    text = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(DomainError):
        services.record_paper_signing(
            actor=cast.head_rep,
            cycle=cast.cycle,
            version=version,
            unit=cast.deputy_org,
            signer_name="Lê Hồng Văn",
            signer_position="Chủ tịch",
            signed_on=dt.date(2025, 3, 25),
            scan=text,
        )
    assert not Signature.objects.exists()


def test_a_member_cannot_record_a_paper_signing(cast):
    version = signing_ready(cast)
    with pytest.raises(DomainError):
        services.record_paper_signing(
            actor=cast.member_leader,
            cycle=cast.cycle,
            version=version,
            unit=cast.deputy_org,
            signer_name="X",
            signer_position="Y",
            signed_on=dt.date(2025, 3, 25),
            scan=fake_pdf(),
        )


def _everyone_signs(cast):
    version = signing_ready(cast)
    people = leaders(cast)
    for leader in people[:-1]:
        services.sign_online(actor=leader, cycle=cast.cycle, version=version, ip_address="10.0.0.1")
    last = people[-1]
    services.record_paper_signing(
        actor=cast.head_rep,
        cycle=cast.cycle,
        version=version,
        unit=last.organisation,
        signer_name=last.full_name,
        signer_position="Chủ tịch",
        signed_on=dt.date(2025, 3, 25),
        scan=fake_pdf(),
    )
    return version, people


def test_when_every_unit_has_signed_the_covenant_is_in_force_and_everyone_is_told(cast):
    assert not selectors.covenant_status(cast.cycle).in_force
    _version, people = _everyone_signs(cast)
    status = selectors.covenant_status(cast.cycle)
    assert status.in_force and status.signed == status.total == 4
    told = set(
        Notification.objects.filter(kind="covenant_in_force").values_list("recipient_id", flat=True)
    )
    assert {p.pk for p in people} | {cast.member_rep.pk, cast.head_rep.pk} <= told


def test_the_covenant_files_reopen_with_every_unit_signer_and_the_hash(client, cast):
    import io

    import docx
    import pypdf

    version, people = _everyone_signs(cast)
    signin(client, cast.member_rep)
    word = client.get(reverse("signing:covenant_docx", args=[cast.cycle.pk]))
    document = docx.Document(io.BytesIO(word.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    response = client.get(reverse("signing:covenant_pdf", args=[cast.cycle.pk]))
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    for content in (text, pdf_text):
        flat = "".join(content.split())  # table cells wrap lines in the PDF
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in content
        assert "KHỐI THI ĐUA 8" in content and "GIAO ƯỚC THI ĐUA NĂM 2025" in content
        for person in people:
            assert "".join(person.full_name.split()) in flat
            assert "".join(person.organisation.name.split()) in flat
        assert version.sha256 in flat
    assert version.sha256 in text
    assert reverse("verify:detail", args=[version.sha256]) in text


def test_public_verification_finds_a_signed_version_and_says_when_it_does_not(client, cast):
    version, people = _everyone_signs(cast)
    found = client.get(reverse("verify:detail", args=[version.sha256]))
    body = found.content.decode()
    assert found.status_code == 200
    assert "Khối thi đua 8" in body and people[0].full_name in body
    missing = client.get(reverse("verify:detail", args=["f" * 64]))
    assert missing.status_code == 200
    assert people[0].full_name not in missing.content.decode()
    lookup = client.get(reverse("verify:lookup"), {"sha256": version.sha256.upper()})
    assert lookup["Location"] == reverse("verify:detail", args=[version.sha256])


def test_an_amendment_needs_new_signatures(cast):
    _version, _people = _everyone_signs(cast)
    set_phase(cast)
    amended = make_version(cast, number=2, frozen=True, heading="Sửa đổi")
    status = selectors.covenant_status(cast.cycle)
    # The signed version stays in force; the amendment waits for its own signatures.
    assert status.version == _version and status.in_force and status.signed == 4
    assert status.amendment == amended and status.amendment_signed == 0
    boards = selectors.signing_board(cast.cycle)
    assert [b.version.number for b in boards] == [2, 1]
    assert boards[1].complete and not boards[0].complete


def test_phase_other_than_signing_refuses_signatures(cast):
    version = signing_ready(cast)
    set_phase(cast, Phase.IN_PROGRESS)
    with pytest.raises(DomainError):
        services.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=version)
