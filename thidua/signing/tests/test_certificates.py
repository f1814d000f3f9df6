"""The Board's register of leaders' signing certificates on a person's page: register (each bad
certificate refused with its reason), confirm a certificate matched by name, withdraw."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.lib.pki import issue
from thidua.signing import certificates, digital
from thidua.signing.models import LeaderCertificate, Signature
from thidua.signing.tests.test_digital import NAMES, _sign, _to_sign, _upload
from thidua.signing.tests.test_digital import pki as pki
from thidua.signing.tests.test_digital import ready as ready
from thidua.testing import signin
from thidua.testing.pki import make_pki

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _post_cert(client, person, data: bytes, name: str = "leader.cer"):
    return client.post(
        reverse("signing:certificates", args=[person.pk]),
        {"certificate": SimpleUploadedFile(name, data, content_type="application/pkix-cert")},
    )


def test_the_board_registers_a_certificate_on_the_persons_page(client, cast, pki, ready):
    leaf = issue("Nguyễn Văn Khác", issuer=pki.intermediate, organisation="Hội")
    signin(client, cast.board)
    page = client.get(reverse("orgs:person_edit", args=[cast.member_leader.pk]))
    assert "Signing certificates" in _text(page)
    assert "No certificate is registered for this person." in _text(page)
    response = _post_cert(client, cast.member_leader, leaf.der)
    assert response.status_code == 302
    cert = LeaderCertificate.objects.get(person=cast.member_leader)
    assert cert.confirmed_by == cast.board and cert.revoked_at is None
    assert cert.serial == format(leaf.cert.serial_number, "x")
    page = _text(client.get(reverse("orgs:person_edit", args=[cast.member_leader.pk])))
    assert "Nguyễn Văn Khác" in page and cert.fingerprint in page and cert.serial in page
    assert "confirmed by" in page
    event = AuditEvent.objects.filter(action="signing.certificate.register").latest("pk")
    assert event.actor_id == cast.board.pk


@pytest.mark.parametrize(
    "case,needle",
    [
        ("garbage", "This is not a certificate file"),
        ("expired", "This certificate expired on"),
        ("untrusted", "does not chain to a certificate authority the Board trusts"),
        ("taken", "This certificate is already registered to"),
        ("same", "already registered to this person"),
    ],
)
def test_bad_certificates_are_refused_with_their_reason(client, cast, pki, ready, case, needle):
    _version, people = ready
    data = {
        "garbage": b"not a certificate at all",
        "expired": pki.expired.pem,
        "untrusted": pki.untrusted.pem,
        "taken": pki.leaders[1].pem,
        "same": pki.leaders[0].pem,
    }[case]
    certificates.register(actor=cast.board, person=people[1], data=pki.leaders[1].pem)
    if case == "same":
        certificates.register(actor=cast.board, person=people[0], data=pki.leaders[0].pem)
    before = LeaderCertificate.objects.count()
    signin(client, cast.board)
    response = _post_cert(client, people[0], data)
    assert response.status_code == 422
    assert needle in _text(response)
    assert LeaderCertificate.objects.count() == before


def test_no_trust_anchor_means_no_registration(cast):
    other = make_pki([("Member Leader", "Hội")])
    with pytest.raises(DomainError) as error, translation.override("en"):
        certificates.register(
            actor=cast.board, person=cast.member_leader, data=other.leaders[0].pem
        )
    assert "does not chain" in error.value.message


def test_only_the_board_registers_confirms_and_withdraws(cast, pki, ready):
    _version, people = ready
    with pytest.raises(DomainError):
        certificates.register(actor=people[0], person=people[0], data=pki.leaders[0].pem)
    cert = certificates.register(actor=cast.board, person=people[0], data=pki.leaders[0].pem)
    for person in (people[0], cast.head_rep):
        with pytest.raises(DomainError):
            certificates.confirm(actor=person, cert=cert)
        with pytest.raises(DomainError):
            certificates.revoke(actor=person, cert=cert)


def test_a_certificate_matched_by_name_waits_for_the_boards_confirmation(client, cast, pki, ready):
    version, people = ready
    signed = _sign(_to_sign(cast, version), pki, pki.leaders[0])
    digital.sign_with_upload(
        actor=people[0], cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    cert = LeaderCertificate.objects.get(person=people[0])
    assert cert.confirmed_at is None
    signin(client, cast.board)
    anchors = _text(client.get(reverse("signing:anchors")))
    assert "Leaders' certificates to confirm" in anchors and cert.subject in anchors
    page = _text(client.get(reverse("orgs:person_edit", args=[people[0].pk])))
    assert "not yet confirmed by the Board" in page
    response = client.post(reverse("signing:certificate_confirm", args=[cert.pk]))
    assert response.status_code == 302
    cert.refresh_from_db()
    assert cert.confirmed_by == cast.board and cert.confirmed_at is not None
    assert AuditEvent.objects.filter(action="signing.certificate.confirm").count() == 1
    assert "Leaders' certificates to confirm" not in _text(client.get(reverse("signing:anchors")))


def test_withdrawing_says_what_it_means_and_refuses_new_signatures(client, cast, pki, ready):
    version, people = ready
    signed = _sign(_to_sign(cast, version), pki, pki.leaders[0])
    digital.sign_with_upload(
        actor=people[0], cycle=cast.cycle, version=version, upload=_upload(signed)
    )
    cert = LeaderCertificate.objects.get(person=people[0])
    second = certificates.register(actor=cast.board, person=people[1], data=pki.leaders[1].pem)
    signin(client, cast.board)
    page = _text(client.get(reverse("signing:certificate_revoke", args=[cert.pk])))
    assert "a file signed with this certificate is refused" in page
    assert "The 1 signature already recorded with it stays recorded" in page
    assert client.post(reverse("signing:certificate_revoke", args=[cert.pk])).status_code == 302
    cert.refresh_from_db()
    assert cert.revoked_by == cast.board
    assert Signature.objects.filter(version=version).count() == 1  # kept
    assert "Withdrawn on" in _text(client.get(reverse("orgs:person_edit", args=[people[0].pk])))
    client.post(reverse("signing:certificate_revoke", args=[second.pk]))
    base = _to_sign(cast, version)
    before = Signature.objects.count()
    with pytest.raises(DomainError) as error:
        digital.sign_with_upload(
            actor=people[1],
            cycle=cast.cycle,
            version=version,
            upload=_upload(_sign(base, pki, pki.leaders[1], n=2)),
        )
    assert "withdrew the registration" in error.value.message
    assert Signature.objects.count() == before
    # Registered again by the Board: it signs again.
    again = certificates.register(actor=cast.board, person=people[1], data=pki.leaders[1].pem)
    assert again.pk == second.pk and again.revoked_at is None
    assert NAMES[1] in again.subject
    assert AuditEvent.objects.filter(action="signing.certificate.revoke").count() == 2


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_persons_page_costs_the_same_with_1_and_6_certificates(client, cast, pki, ready):
    from django.utils import timezone

    def add(n: int) -> None:
        LeaderCertificate.objects.create(
            person=cast.member_leader,
            subject=f"CN=Member Leader {n}",
            issuer="CN=TEST Sub CA",
            serial=f"{n:x}",
            fingerprint=f"{n:064x}",
            not_after=timezone.now(),
            registered_by=cast.board,
            registered_at=timezone.now(),
            confirmed_by=cast.board if n % 2 else None,
            confirmed_at=timezone.now() if n % 2 else None,
            revoked_by=cast.board if n % 3 == 0 else None,
            revoked_at=timezone.now() if n % 3 == 0 else None,
        )

    signin(client, cast.board)
    url = reverse("orgs:person_edit", args=[cast.member_leader.pk])
    add(1)
    one = _count(client, url)
    for n in range(2, 7):
        add(n)
    assert _count(client, url) == one
    page = reverse("signing:certificates", args=[cast.member_leader.pk])
    assert _count(client, page) <= one
