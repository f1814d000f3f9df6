"""Every API operation × every kind of token: what it may read and write. An operation of the
generated schema without an entry here fails."""

from __future__ import annotations

import json

import pytest

from thidua.api.models import Scope
from thidua.api.tests.builders import bearer, make_token
from thidua.api.v1 import operations
from thidua.awards.tests.helpers import accepted_proposal
from thidua.testing import make_province

KINDS = ("read", "decisions", "registry", "other_province", "revoked")
READ = frozenset({"read", "decisions", "registry", "other_province"})

#: (method, path template) → the token kinds that get through (others: 401 or 403).
MATRIX: dict[tuple[str, str], frozenset[str]] = {
    ("GET", "/api/v1/provinces"): READ,
    ("GET", "/api/v1/organisations"): READ,
    ("GET", "/api/v1/organisations/{pk}"): READ,
    ("GET", "/api/v1/organisations/{pk}/awards"): READ,
    ("GET", "/api/v1/blocks"): READ,
    ("GET", "/api/v1/blocks/{pk}/memberships"): READ,
    ("POST", "/api/v1/registry/import"): frozenset({"registry", "other_province"}),
    ("GET", "/api/v1/cycles"): READ,
    ("GET", "/api/v1/cycles/{pk}"): READ,
    ("GET", "/api/v1/cycles/{pk}/ranking"): READ,
    ("GET", "/api/v1/cycles/{pk}/ballots"): READ,
    ("GET", "/api/v1/dossiers"): READ,
    ("GET", "/api/v1/dossiers/{pk}"): READ,
    ("POST", "/api/v1/dossiers/{pk}/decision"): frozenset({"decisions", "other_province"}),
    ("GET", "/api/v1/decisions"): READ,
    ("GET", "/api/v1/dossiers/{pk}/package"): READ,
}
PUBLIC = {
    ("GET", "/api/v1/public/rankings"),
    ("GET", "/api/v1/public/awards"),
    ("GET", "/api/v1/public/news"),
}
#: Objects of the cast's province: another province's token must not find them.
IN_PROVINCE = {"organisations/{pk}", "blocks/{pk}", "cycles/{pk}", "dossiers/{pk}"}


def test_every_operation_has_an_entry():
    listed = set(MATRIX) | PUBLIC
    found = set(operations())
    assert found - listed == set(), "API operations without a token-matrix entry"
    assert listed - found == set(), "token-matrix entries for operations that do not exist"


@pytest.fixture
def tokens(cast):
    other = make_province(code="dak-lak", name="Đắk Lắk")
    revoked = make_token(cast)
    from thidua.api import services

    services.revoke_token(actor=cast.board, token=revoked.token)
    return {
        "read": make_token(cast).raw,
        "decisions": make_token(cast, scopes=(Scope.DECISIONS,)).raw,
        "registry": make_token(cast, scopes=(Scope.REGISTRY,)).raw,
        "other_province": make_token(cast, scopes=tuple(Scope.values), province=other).raw,
        "revoked": revoked.raw,
    }


def _url(path: str, cast, proposal) -> str:
    ids = {
        "/api/v1/organisations/{pk}": cast.member_org.pk,
        "/api/v1/blocks/{pk}": cast.block.pk,
        "/api/v1/cycles/{pk}": cast.cycle.pk,
        "/api/v1/dossiers/{pk}": proposal.pk,
    }
    for prefix, pk in ids.items():
        if path.startswith(prefix):
            return path.replace("{pk}", str(pk))
    return path


def _body(path: str, proposal) -> dict:
    if path.endswith("/decision"):
        return {
            "number": "12/QĐ-UBND",
            "date": "2025-03-12",
            "signer_name": "Nguyễn Văn A",
            "outcomes": [{"nominee_id": n.pk, "granted": True} for n in proposal.nominees.all()],
        }
    return {"organisations": [{"name": "Hội Cựu giáo chức tỉnh"}]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("operation", sorted(MATRIX), ids=lambda o: f"{o[0]} {o[1]}")
def test_each_token_gets_what_the_matrix_says(client, cast, tokens, operation, kind):
    proposal = accepted_proposal(cast)
    method, path = operation
    url = _url(path, cast, proposal)
    headers = bearer(tokens[kind])
    if method == "GET":
        response = client.get(url, **headers)
    else:
        body = json.dumps(_body(path, proposal))
        response = client.post(url, data=body, content_type="application/json", **headers)
    status = response.status_code
    if kind not in MATRIX[operation]:
        assert status in (401, 403), (kind, status)
    elif kind == "other_province" and "{pk}" in path:
        assert status == 404, status  # the cast's objects are not in its province
    else:
        assert status not in (401, 403, 404, 500), (kind, status, response.content[:300])
