"""Units register the titles they aim for and their commitments; the head follows who is missing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.audit import AuditEvent
from thidua.core.errors import DomainError
from thidua.cycles import services as cycles
from thidua.cycles.models import AwardType, Phase
from thidua.meetings import reminders, services
from thidua.meetings.models import Registration
from thidua.notifications.models import Notification
from thidua.testing import signin

pytestmark = pytest.mark.django_db


def _to(cast, phase):
    for step in (Phase.DRAFTING, Phase.SIGNING, Phase.IN_PROGRESS):
        cycles.advance_phase(
            actor=cast.head_rep,
            cycle=cast.cycle,
            to_phase=step,
            acknowledge=True,
            reason="Kiểm thử",
        )
        if step == phase:
            return


def _flag(cast):
    return AwardType.objects.get(province=cast.province, code="co-thi-dua")


def _merit(cast):
    return AwardType.objects.get(province=cast.province, code="bang-khen")


def test_a_member_registers_its_titles_and_commitments_and_the_head_is_told(client, cast):
    _to(cast, Phase.SIGNING)
    signin(client, cast.member_leader)
    url = reverse("meetings:registration_edit", args=[cast.cycle.pk])
    response = client.post(
        url, {"awards": [_merit(cast).pk], "commitments": "Hoàn thành chỉ tiêu\n\nTuyên truyền"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(cycle=cast.cycle, organisation=cast.member_org)
    assert list(registration.awards.all()) == [_merit(cast)]
    assert registration.commitments == ["Hoàn thành chỉ tiêu", "Tuyên truyền"]
    assert Notification.objects.filter(
        recipient=cast.head_rep, kind="registration.submitted"
    ).exists()
    assert AuditEvent.objects.filter(action="registration.create").exists()


def test_a_unit_can_update_its_registration_while_it_is_open(cast):
    _to(cast, Phase.IN_PROGRESS)
    kwargs = {"actor": cast.member_rep, "cycle": cast.cycle, "unit": cast.member_org}
    services.register(**kwargs, awards=[_merit(cast)], commitments=["A"])
    services.register(**kwargs, awards=[_merit(cast), _flag(cast)], commitments=["B"])
    registration = Registration.objects.get()
    assert registration.awards.count() == 2 and registration.commitments == ["B"]
    assert AuditEvent.objects.filter(action="registration.update").exists()


def test_registration_is_refused_before_the_signing_phase(cast):
    with pytest.raises(DomainError):
        services.register(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=cast.member_org,
            awards=[_merit(cast)],
            commitments=[],
        )
    assert not Registration.objects.exists()


def test_registration_is_refused_once_the_head_closes_it(client, cast):
    _to(cast, Phase.SIGNING)
    signin(client, cast.head_rep)
    client.post(reverse("meetings:registration_close", args=[cast.cycle.pk]))
    assert not services.registration_open(cast.cycle)
    with pytest.raises(DomainError):
        services.register(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=cast.member_org,
            awards=[_merit(cast)],
            commitments=[],
        )
    client.post(reverse("meetings:registration_close", args=[cast.cycle.pk]), {"reopen": "1"})
    assert services.registration_open(cast.cycle)


def test_a_unit_registers_only_for_itself(cast):
    _to(cast, Phase.SIGNING)
    with pytest.raises(DomainError):
        services.register(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=cast.deputy_org,
            awards=[_merit(cast)],
            commitments=[],
        )


def test_members_cannot_close_registration(client, cast):
    _to(cast, Phase.SIGNING)
    signin(client, cast.member_rep)
    response = client.post(reverse("meetings:registration_close", args=[cast.cycle.pk]))
    assert response.status_code == 403
    assert services.registration_open(cast.cycle)


def test_the_head_sees_who_is_missing_and_downloads_the_table(client, cast):
    _to(cast, Phase.SIGNING)
    services.register(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        awards=[_flag(cast)],
        commitments=["Giữ vững danh hiệu"],
    )
    signin(client, cast.head_rep)
    page = client.get(reverse("meetings:registration_list", args=[cast.cycle.pk]))
    missing = {o.name for o in page.context["missing"]}
    assert missing == {cast.head_org.name, cast.deputy_org.name, "Hội Luật gia tỉnh"}
    response = client.get(reverse("meetings:registration_xlsx", args=[cast.cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    flat = "\n".join(str(v) for row in values for v in row if v)
    assert "Hội Người mù tỉnh" in flat and "Cờ thi đua của UBND tỉnh" in flat
    assert "Giữ vững danh hiệu" in flat and "Hội Luật gia tỉnh" in flat


def test_the_table_gives_the_registration_time_in_vietnam_and_numbers_as_numbers(client, cast):
    _to(cast, Phase.SIGNING)
    services.register(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        awards=[_flag(cast)],
        commitments=["Giữ vững danh hiệu"],
    )
    # Registered at 08:10 in Vietnam, which the database keeps as 01:10 UTC.
    at = dt.datetime(2025, 3, 3, 1, 10, tzinfo=dt.UTC)
    Registration.objects.filter(organisation=cast.member_org).update(updated_at=at)
    signin(client, cast.head_rep)
    response = client.get(reverse("meetings:registration_xlsx", args=[cast.cycle.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=4)}
    row = rows[cast.member_org.name]
    assert row[5].value == dt.datetime(2025, 3, 3, 8, 10)
    assert row[5].number_format == "dd/mm/yyyy hh:mm"
    numbers = [r[0].value for r in sheet.iter_rows(min_row=4)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert sheet.page_setup.orientation == "landscape"  # the commitments column is wide


def test_reminders_reach_units_that_have_not_registered_once_a_week(cast):
    _to(cast, Phase.SIGNING)
    services.register(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        awards=[_merit(cast)],
        commitments=[],
    )
    now = dt.datetime(2025, 4, 1, 8, tzinfo=dt.UTC)
    first = reminders.due(now)
    assert first >= 1
    assert reminders.due(now) == 0
    assert reminders.due(now + dt.timedelta(hours=5)) == 0
    reminded = set(
        Notification.objects.filter(kind="registration.reminder").values_list(
            "recipient__organisation_id", flat=True
        )
    )
    assert cast.head_org.pk in reminded and cast.member_org.pk not in reminded


def test_no_reminders_before_registration_opens(cast):
    assert reminders.due(dt.datetime(2025, 4, 1, 8, tzinfo=dt.UTC)) == 0


def test_outsiders_do_not_learn_that_the_registrations_exist(client, cast):
    signin(client, cast.outsider)
    url = reverse("meetings:registration_list", args=[cast.cycle.pk])
    assert client.get(url).status_code == 404
