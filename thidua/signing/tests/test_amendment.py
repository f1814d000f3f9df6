"""Amending a signed covenant: a new version that needs new signatures, while the signed version
stays in force, unchanged, until every member unit has signed the amendment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.cycles.models import Phase
from thidua.drafting import services as drafting
from thidua.drafting.hashing import hash_of
from thidua.drafting.models import DocumentVersion
from thidua.notifications.models import Notification
from thidua.signing import selectors, services
from thidua.signing.models import Signature
from thidua.signing.tests.helpers import ARTICLES, leaders, set_phase, signing_ready


def _sign_all(cast, version, people):
    for leader in people:
        services.sign_online(actor=leader, cycle=cast.cycle, version=version)


def _amend(cast, version, heading="Nội dung sửa đổi"):
    articles = [dict(a) for a in ARTICLES]
    articles[0]["heading"] = heading
    return drafting.save_version(
        actor=cast.head_rep,
        document=version.document,
        title=version.title,
        preamble="",
        articles=articles,
        note="Sửa đổi",
    )


def _snapshot(version):
    version.refresh_from_db()
    signatures = list(
        Signature.objects.filter(version=version)
        .order_by("pk")
        .values("pk", "unit_id", "signer_name", "signed_at", "version_sha256")
    )
    return version.sha256, version.frozen_at, version.content, signatures


def test_amending_a_fully_signed_covenant_creates_the_next_version(cast):
    version = signing_ready(cast)
    _sign_all(cast, version, leaders(cast))
    amended = _amend(cast, version)
    assert amended.number == version.number + 1
    assert amended.frozen_at is None
    assert not Signature.objects.filter(version=amended).exists()


def test_amending_a_partially_signed_covenant_is_refused(cast):
    version = signing_ready(cast)
    people = leaders(cast)
    _sign_all(cast, version, people[:-1])
    with pytest.raises(DomainError, match="Hãy chờ"):
        _amend(cast, version)
    assert DocumentVersion.objects.filter(document=version.document).count() == 1


def test_the_signed_version_stays_in_force_until_the_amendment_is_fully_signed(cast):
    version = signing_ready(cast)
    people = leaders(cast)
    _sign_all(cast, version, people)
    before = _snapshot(version)
    assert selectors.covenant_status(cast.cycle).version == version

    amended = _amend(cast, version)
    status = selectors.covenant_status(cast.cycle)
    assert status.in_force and status.version == version and status.amendment is None

    # The amendment is frozen and signed while the year's work goes on.
    set_phase(cast, Phase.IN_PROGRESS)
    services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    amended.refresh_from_db()
    assert amended.frozen_at is not None
    asked = Notification.objects.filter(dedupe_key=f"signing.requested.{amended.pk}")
    assert asked.count() == 4
    with pytest.raises(DomainError):  # the signed version is superseded for signing
        services.sign_online(actor=people[0], cycle=cast.cycle, version=version)
    for leader in people[:-1]:
        services.sign_online(actor=leader, cycle=cast.cycle, version=amended)
    status = selectors.covenant_status(cast.cycle)
    assert status.in_force and status.version == version
    assert status.signed == status.total == 4
    assert status.amendment == amended and status.amendment_signed == 3
    boards = selectors.signing_board(cast.cycle)
    assert [(b.version.number, b.signed) for b in boards] == [(2, 3), (1, 4)]
    assert not Notification.objects.filter(
        kind="covenant_in_force", dedupe_key=f"signing.in_force.{amended.pk}"
    ).exists()

    services.sign_online(actor=people[-1], cycle=cast.cycle, version=amended)
    status = selectors.covenant_status(cast.cycle)
    assert status.in_force and status.version == amended and status.amendment is None
    assert status.signed == status.total == 4
    assert Notification.objects.filter(
        kind="covenant_in_force", dedupe_key=f"signing.in_force.{amended.pk}"
    ).exists()
    # The signed version never changed: same text, hash, freeze and signatures.
    assert _snapshot(version) == before
    assert hash_of(version) == version.sha256 != amended.sha256


def test_an_amendment_cannot_be_frozen_in_progress_without_a_signed_covenant(cast):
    signing_ready(cast)
    DocumentVersion.objects.update(frozen_at=None)
    set_phase(cast, Phase.IN_PROGRESS)
    with pytest.raises(DomainError):
        services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)


def test_the_public_page_still_verifies_the_signed_version_after_an_amendment(client, cast):
    version = signing_ready(cast)
    people = leaders(cast)
    _sign_all(cast, version, people)
    amended = _amend(cast, version)
    services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    services.sign_online(actor=people[0], cycle=cast.cycle, version=amended)
    found = client.get(reverse("verify:detail", args=[version.sha256]))
    body = found.content.decode()
    assert found.status_code == 200
    assert version.sha256 in body
    for person in people:
        assert person.full_name in body
    verification = selectors.verify(version.sha256)
    assert verification is not None and verification.version == version
    assert len(verification.signatures) == 4


def test_a_signed_covenant_may_be_amended_while_the_cycle_is_in_progress(cast):
    version = signing_ready(cast)
    people = leaders(cast)
    set_phase(cast, Phase.IN_PROGRESS)
    with pytest.raises(DomainError):  # nothing signed yet: no amendment, no drafting
        _amend(cast, version)
    set_phase(cast)
    _sign_all(cast, version, people)
    set_phase(cast, Phase.IN_PROGRESS)
    amended = _amend(cast, version)
    assert amended.number == 2
    with pytest.raises(DomainError):  # a member cannot amend
        drafting.save_version(
            actor=cast.member_rep,
            document=version.document,
            title="Khác",
            preamble="",
            articles=ARTICLES,
        )


def test_the_board_and_the_files_show_the_covenant_in_force_while_an_amendment_is_signed(
    client, cast
):
    from thidua.testing import signin

    version = signing_ready(cast)
    people = leaders(cast)
    _sign_all(cast, version, people)
    amended = _amend(cast, version)
    signin(client, cast.head_rep)
    word = client.get(reverse("signing:covenant_docx", args=[cast.cycle.pk]))
    assert word.status_code == 200  # the signed version, while the amendment is drafted
    services.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    services.sign_online(actor=people[0], cycle=cast.cycle, version=amended)
    page = client.get(reverse("signing:board", args=[cast.cycle.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert version.sha256 in body and amended.sha256 in body
    assert "1/4" in body  # the amendment's own count, next to the covenant in force
