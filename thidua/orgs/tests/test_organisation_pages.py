"""Creating, editing and recording the succession of organisations through the pages."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.orgs.models import Organisation, OrgName, Succession
from thidua.testing import signin

DECISION = "Quyết định số 1234/QĐ-UBND ngày 15/08/2025"


def counts():
    return (
        Organisation.objects.count(),
        OrgName.objects.count(),
        Succession.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_board_creates_an_organisation_and_lands_on_its_page(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:organisation_create"),
        {
            "province": cast.province.pk,
            "name": "Hội Khuyến học tỉnh",
            "short_name": "HKH",
            "email": "khuyenhoc@example.org",
            "valid_from": "2005-01-01",
        },
    )
    org = Organisation.objects.get(name="Hội Khuyến học tỉnh")
    assert response["Location"] == reverse("orgs:organisation_detail", args=[org.pk])
    assert org.valid_from == dt.date(2005, 1, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Hội Khuyến học tỉnh" in page and "khuyenhoc@example.org" in page


def test_a_nfd_typed_name_is_stored_as_nfc(client, cast):
    import unicodedata

    signin(client, cast.board)
    client.post(
        reverse("orgs:organisation_create"),
        {"province": cast.province.pk, "name": unicodedata.normalize("NFD", "Hội Đông y tỉnh")},
    )
    assert Organisation.objects.filter(name="Hội Đông y tỉnh").exists()


def test_bad_input_shows_messages_and_saves_nothing(client, cast):
    signin(client, cast.board)
    before = counts()
    response = client.post(
        reverse("orgs:organisation_create"),
        {"province": cast.province.pk, "name": "", "email": "not-an-e-mail"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "email"}
    assert 'aria-invalid="true"' in response.content.decode()
    duplicate = client.post(
        reverse("orgs:organisation_create"),
        {"province": cast.province.pk, "name": "hội người mù tỉnh"},
    )
    assert "name" in duplicate.context["form"].errors
    assert counts() == before


def test_the_board_edits_contact_details(client, cast):
    signin(client, cast.board)
    url = reverse("orgs:organisation_edit", args=[cast.member_org.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"short_name": "HNM", "email": "nguoimu@example.org", "address": "Phan Thiết"})
    cast.member_org.refresh_from_db()
    assert (cast.member_org.short_name, cast.member_org.address) == ("HNM", "Phan Thiết")


def test_renaming_through_the_page_keeps_the_history(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:organisation_rename", args=[cast.head_org.pk]),
        {
            "new_name": "Hội Người cao tuổi tỉnh",
            "new_short_name": "Hội NCT",
            "date": "2024-07-01",
            "decision_ref": DECISION,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("orgs:organisation_detail", args=[cast.head_org.pk]))
    names = [n.name for n in page.context["data"].names]
    assert names == ["Ban Đại diện Hội Người cao tuổi tỉnh", "Hội Người cao tuổi tỉnh"]
    assert DECISION in page.content.decode()


def test_a_refused_rename_shows_the_reason_and_saves_nothing(client, cast):
    signin(client, cast.board)
    before = counts()
    response = client.post(
        reverse("orgs:organisation_rename", args=[cast.head_org.pk]),
        {"new_name": cast.head_org.name, "date": "2024-07-01", "decision_ref": DECISION},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    missing = client.post(
        reverse("orgs:organisation_rename", args=[cast.head_org.pk]),
        {"new_name": "Tên mới", "date": "", "decision_ref": ""},
    )
    assert {"date", "decision_ref"} <= set(missing.context["form"].errors)
    assert counts() == before


def test_merging_into_a_new_organisation_through_the_page(client, cast):
    signin(client, cast.board)
    url = reverse("orgs:organisation_merge")
    form_page = client.get(url, {"organisations": cast.deputy_org.pk})
    assert form_page.context["form"]["organisations"].value() == [str(cast.deputy_org.pk)]
    response = client.post(
        url,
        {
            "organisations": [cast.deputy_org.pk, cast.member_org.pk],
            "new_name": "Hội Nhà báo và Người mù",
            "date": "2025-10-01",
            "decision_ref": DECISION,
        },
    )
    new = Organisation.objects.get(name="Hội Nhà báo và Người mù")
    assert response["Location"] == reverse("orgs:organisation_detail", args=[new.pk])
    page = client.get(response["Location"]).content.decode()
    for predecessor in (cast.deputy_org, cast.member_org):
        assert reverse("orgs:organisation_detail", args=[predecessor.pk]) in page
    old = client.get(reverse("orgs:organisation_detail", args=[cast.member_org.pk]))
    assert reverse("orgs:organisation_detail", args=[new.pk]) in old.content.decode()


def test_a_merger_needs_a_target_or_a_new_name_but_not_both(client, cast):
    signin(client, cast.board)
    before = counts()
    base = {
        "organisations": [cast.deputy_org.pk, cast.member_org.pk],
        "date": "2025-10-01",
        "decision_ref": DECISION,
    }
    neither = client.post(reverse("orgs:organisation_merge"), base)
    both = client.post(
        reverse("orgs:organisation_merge"), {**base, "into": cast.member_org.pk, "new_name": "X"}
    )
    alone = client.post(
        reverse("orgs:organisation_merge"),
        {**base, "organisations": [cast.member_org.pk], "into": cast.member_org.pk},
    )
    assert "new_name" in neither.context["form"].errors
    assert "new_name" in both.context["form"].errors
    assert alone.context["form"].errors
    assert counts() == before


def test_splitting_through_the_page(client, cast):
    signin(client, cast.board)
    response = client.post(
        reverse("orgs:organisation_split", args=[cast.member_org.pk]),
        {
            "new_names": "Hội Người mù phía Bắc\n\nHội Người mù phía Nam\n",
            "date": "2025-10-01",
            "decision_ref": DECISION,
        },
    )
    assert response.status_code == 302
    split = Succession.objects.get(kind="split")
    assert {o.name for o in split.successors.all()} == {
        "Hội Người mù phía Bắc",
        "Hội Người mù phía Nam",
    }
    page = client.get(reverse("orgs:organisation_detail", args=[cast.member_org.pk]))
    assert page.context["data"].successions[0].direction == "out"


def test_a_split_into_one_name_is_refused(client, cast):
    signin(client, cast.board)
    before = counts()
    response = client.post(
        reverse("orgs:organisation_split", args=[cast.member_org.pk]),
        {"new_names": "Một mình", "date": "2025-10-01", "decision_ref": DECISION},
    )
    assert "new_names" in response.context["form"].errors
    assert counts() == before


def test_the_detail_page_shows_memberships_by_year_and_people(client, cast):
    signin(client, cast.board)
    response = client.get(reverse("orgs:organisation_detail", args=[cast.member_org.pk]))
    data = response.context["data"]
    assert [(m.block, m.year) for m in data.memberships] == [(cast.block, 2025)]
    assert set(data.people) == {cast.member_rep, cast.member_leader}


def test_the_page_links_to_the_award_history_the_awards_app_contributes(client, cast):
    """orgs does not know awards: the link arrives through the organisation-links hub."""
    from thidua.orgs.sections import organisation_links

    org = cast.member_org
    signin(client, cast.board)
    page = client.get(reverse("orgs:organisation_detail", args=[org.pk])).content.decode()
    assert organisation_links.get("awards.history") is not None
    assert reverse("awards:history", args=[org.pk]) in page
