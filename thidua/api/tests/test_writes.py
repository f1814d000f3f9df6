"""Writes through the API: the same services, checks and audit as the web; bad input refused
with a clear JSON message and nothing saved."""

from __future__ import annotations

import json

from thidua.api.models import Scope
from thidua.api.tests.builders import bearer, make_token
from thidua.awards.models import Award, Decision
from thidua.awards.tests.helpers import accepted_proposal, submitted_proposal
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.orgs.models import Membership, Organisation


def _post(client, raw, url, body, **extra):
    return client.post(
        url, data=json.dumps(body), content_type="application/json", **bearer(raw, **extra)
    )


def _decision(proposal, **changes):
    body = {
        "number": "320/QĐ-UBND",
        "date": "2025-03-12",
        "signer_name": "Nguyễn Văn Bình",
        "signer_position": "Chủ tịch UBND tỉnh",
        "outcomes": [{"nominee_id": n.pk, "granted": True} for n in proposal.nominees.all()],
    }
    return {**body, **changes}


def test_a_decision_recorded_through_the_api_is_audited_with_the_integration(client, cast):
    proposal = accepted_proposal(cast)
    raw = make_token(cast, scopes=(Scope.DECISIONS,)).raw
    response = _post(client, raw, f"/api/v1/dossiers/{proposal.pk}/decision", _decision(proposal))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "320/QĐ-UBND"
    assert len(body["awards"]) == proposal.nominees.count()
    event = AuditEvent.objects.get(action="awards.decision.record")
    assert event.actor_id == cast.board.pk
    assert "API: Văn phòng điện tử" in event.actor_label
    assert verify_chain()[1] is None
    proposal.refresh_from_db()
    assert proposal.status == "decided"


def test_a_refused_decision_says_why_in_json_and_saves_nothing(client, cast):
    proposal = accepted_proposal(cast)
    raw = make_token(cast, scopes=(Scope.DECISIONS,)).raw
    url = f"/api/v1/dossiers/{proposal.pk}/decision"
    nominee = proposal.nominees.first()
    refused = _decision(proposal, outcomes=[{"nominee_id": nominee.pk, "granted": False}])
    response = _post(client, raw, url, refused, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"]
    response = _post(
        client, raw, url, _decision(proposal, signer_name="  "), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Enter who signed the decision.", "field": "signer_name"}
    response = _post(client, raw, url, {"number": 5})
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert not Decision.objects.exists() and not Award.objects.exists()


def test_a_decision_on_a_dossier_not_yet_accepted_is_refused(client, cast):
    proposal = submitted_proposal(cast)
    raw = make_token(cast, scopes=(Scope.DECISIONS,)).raw
    response = _post(client, raw, f"/api/v1/dossiers/{proposal.pk}/decision", _decision(proposal))
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_a_read_only_token_cannot_record_a_decision(client, cast):
    proposal = accepted_proposal(cast)
    raw = make_token(cast).raw
    response = _post(client, raw, f"/api/v1/dossiers/{proposal.pk}/decision", _decision(proposal))
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_registry_import_creates_everything_and_audits_it(client, cast):
    raw = make_token(cast, scopes=(Scope.REGISTRY,)).raw
    body = {
        "organisations": [{"name": "Hội Cựu giáo chức tỉnh", "short_name": "Hội CGC"}],
        "blocks": [{"name": "Khối thi đua 9"}],
        "memberships": [
            {"block": "Khối thi đua 9", "organisation": "Hội Cựu giáo chức tỉnh", "year": 2025},
            {"block": "Khối thi đua 9", "organisation": "Hội Người mù tỉnh", "year": 2026},
        ],
    }
    response = _post(client, raw, "/api/v1/registry/import", body)
    assert response.status_code == 200, response.content
    assert response.json() == {"organisations": 1, "blocks": 1, "memberships": 2}
    org = Organisation.objects.get(name="Hội Cựu giáo chức tỉnh")
    assert org.province == cast.province
    assert Membership.objects.filter(block__name="Khối thi đua 9").count() == 2
    event = AuditEvent.objects.get(action="import.apply")
    assert "API" in event.actor_label and event.after["organisations"] == 1


def test_one_bad_row_saves_nothing_and_each_problem_is_listed(client, cast):
    raw = make_token(cast, scopes=(Scope.REGISTRY,)).raw
    body = {
        "organisations": [{"name": "Hội Cựu giáo chức tỉnh"}],
        "memberships": [
            {"block": "Khối không có", "organisation": "Hội Cựu giáo chức tỉnh", "year": 2025}
        ],
    }
    response = _post(client, raw, "/api/v1/registry/import", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    answer = response.json()
    assert answer["detail"].startswith("Nothing was saved")
    assert answer["rows"][0]["sheet"] == "memberships" and answer["rows"][0]["row"] == 1
    assert answer["rows"][0]["problems"]
    assert not Organisation.objects.filter(name="Hội Cựu giáo chức tỉnh").exists()
    assert not AuditEvent.objects.filter(action="import.apply").exists()


def test_an_empty_import_is_refused(client, cast):
    raw = make_token(cast, scopes=(Scope.REGISTRY,)).raw
    response = _post(client, raw, "/api/v1/registry/import", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"] == "There is nothing to import: every list is empty."


def test_a_session_cannot_post_to_the_api(client, cast):
    from thidua.testing import as_role

    proposal = accepted_proposal(cast)
    as_role(client, cast, "board")
    response = client.post(
        f"/api/v1/dossiers/{proposal.pk}/decision",
        data=json.dumps(_decision(proposal)),
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Decision.objects.exists()
