from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.cycles.models import Phase
from thidua.scoring import selectors
from thidua.scoring.models import CriteriaNode, Evidence, ScoreChange, ScoreLine, SheetStatus
from thidua.scoring.tests.builders import build_table, set_phase
from thidua.scoring.tests.test_self_assessment import PDF_BYTES
from thidua.testing import signin


def _full_post(nodes, **extra):
    data = {
        f"value_{nodes['1.1'].pk}": "8",
        f"value_{nodes['1.2'].pk}": "1",
        f"value_{nodes['1.3'].pk}": "90",
        f"target_{nodes['1.3'].pk}": "100",
        f"value_{nodes['2.1'].pk}": "3",
        f"value_{nodes['III'].pk}": "1",
        f"value_{nodes['IV'].pk}": "0",
    }
    data.update(extra)
    return data


@pytest.fixture
def nodes(cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_table(cast)


def test_the_head_adds_an_item_through_the_form_and_the_group_total_follows(client, cast, nodes):
    signin(client, cast.head_rep)
    url = reverse("scoring:node_add", args=[cast.cycle.pk]) + f"?parent={nodes['II'].pk}"
    response = client.post(
        url, {"kind": "qualitative", "code": "2.2", "title": "Training", "max_points": "4"}
    )
    assert response.status_code == 302
    nodes["II"].refresh_from_db()
    assert nodes["II"].max_points == Decimal(14)
    page = client.get(reverse("scoring:criteria_table", args=[cast.cycle.pk]))
    assert "49" in page.content.decode()


def test_a_bad_item_shows_the_error_on_its_field(client, cast, nodes):
    signin(client, cast.head_rep)
    response = client.post(
        reverse("scoring:node_add", args=[cast.cycle.pk]),
        {"kind": "count", "code": "9", "title": "x", "max_points": "4"},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CriteriaNode.objects.filter(code="9").exists()


def test_a_unit_self_assesses_with_evidence_and_submits(client, cast, nodes):
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    signin(client, cast.member_rep)
    url = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    page = client.get(url)
    assert f'for="id_value_{nodes["1.1"].pk}"' in page.content.decode()
    evidence = SimpleUploadedFile("report.pdf", PDF_BYTES)
    data = _full_post(nodes, **{f"evidence_{nodes['1.1'].pk}": evidence, "submit": "1"})
    assert client.post(url, data).status_code == 302
    sheet = selectors.self_sheet(cast.cycle, cast.member_org.pk)
    assert sheet.status == SheetStatus.SUBMITTED
    ev = Evidence.objects.get()
    download = client.get(reverse("scoring:evidence_file", args=[ev.pk]))
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_a_refused_save_lists_the_error_linked_to_its_field_and_keeps_the_input(
    client, cast, nodes
):
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    signin(client, cast.member_rep)
    url = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    response = client.post(url, _full_post(nodes, **{f"value_{nodes['1.1'].pk}": "12"}))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_value_{nodes["1.1"].pk}"' in html
    assert 'value="12"' in html
    assert not ScoreLine.objects.exists()


def test_a_stale_form_gets_a_conflict_message_and_overwrites_nothing(client, cast, nodes):
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    url = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    signin(client, cast.member_rep)
    client.post(url, {f"value_{nodes['1.1'].pk}": "5"})
    version = selectors.self_sheet(cast.cycle, cast.member_org.pk).version
    client.post(url, {f"value_{nodes['1.1'].pk}": "6", "version": version})
    response = client.post(url, {f"value_{nodes['1.1'].pk}": "7", "version": version})
    assert response.status_code == 400
    assert ScoreLine.objects.get().value == Decimal(6)


def test_another_unit_cross_scores_and_a_later_change_needs_a_reason(client, cast, nodes):
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    signin(client, cast.member_rep)
    url = reverse("scoring:cross_sheet", args=[cast.cycle.pk, cast.head_org.pk])
    assert client.post(url, _full_post(nodes, submit="1")).status_code == 302
    response = client.post(url, _full_post(nodes, **{f"value_{nodes['1.1'].pk}": "6"}))
    assert response.status_code == 400
    client.post(url, _full_post(nodes, **{f"value_{nodes['1.1'].pk}": "6", "reason": "Recount"}))
    assert ScoreChange.objects.get().reason == "Recount"
    assert "Recount" in client.get(url).content.decode()


def _the_head_submits_its_own_sheet(client, cast, nodes, **fields) -> str:
    """The head unit's self-assessment, submitted with `fields` changed; returns its address."""
    set_phase(cast.cycle, Phase.SELF_ASSESSMENT)
    own = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.head_org.pk])
    signin(client, cast.head_rep)
    assert client.post(own, _full_post(nodes, **fields, submit="1")).status_code == 302
    return own


def test_the_cross_page_writes_the_units_own_figures_as_the_language_does(client, cast, nodes):
    _the_head_submits_its_own_sheet(client, cast, nodes, **{f"value_{nodes['1.1'].pk}": "7.5"})
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    signin(client, cast.member_rep)
    url = reverse("scoring:cross_sheet", args=[cast.cycle.pk, cast.head_org.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # A decimal comma, like the maximum beside it.
    assert "<td>7,5" in html and "<td>7.5" not in html


def test_registered_targets_are_written_as_the_language_writes_numbers(client, cast, nodes):
    fields = {f"target_{nodes['1.3'].pk}": "1500.5"}
    own = _the_head_submits_its_own_sheet(client, cast, nodes, **fields)
    # The submitted sheet is read only: its target is text, with a decimal comma.
    html = client.get(own, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'name="target_{nodes["1.3"].pk}"' not in html
    assert "<td>1500,5 " in html and "1500.5" not in html and "1500,50" not in html
    # A unit that registered nothing reads the common target, as a whole number.
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    signin(client, cast.member_rep)
    other = reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    assert "<td>100 " in client.get(other, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    cross = reverse("scoring:cross_sheet", args=[cast.cycle.pk, cast.head_org.pk])
    html = client.get(cross, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "<td>90 / 1500,5 " in html


def test_the_cross_page_about_ones_own_unit_is_refused(client, cast, nodes):
    set_phase(cast.cycle, Phase.CROSS_SCORING)
    signin(client, cast.member_rep)
    url = reverse("scoring:cross_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    assert client.get(url).status_code == 403
