"""The generated OpenAPI schema is valid, and schemathesis, driving every operation with a token
of each scope (and none), finds no server error and no answer that breaks the schema."""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from thidua.api.models import Scope
from thidua.api.tests.builders import make_token
from thidua.api.v1 import api
from thidua.awards.tests.helpers import accepted_proposal, evaluated_cycle


def test_the_schema_is_generated_and_valid_openapi_3(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    loaded = schemathesis.openapi.from_dict(schema)
    operations = [result.ok() for result in loaded.get_all_operations()]  # raises if invalid
    assert len(operations) == len(schema_operations(schema))


def schema_operations(schema: dict) -> list[tuple[str, str]]:
    return [(m, p) for p, methods in schema["paths"].items() for m in methods]


def test_the_documentation_page_lists_every_operation(client):
    page = client.get("/api/").content.decode()
    for _method, path in schema_operations(api.get_openapi_schema()):
        assert path in page


#: What the issue asks: no server error, and every answer within the schema (its status, type,
#: body and headers). A schema-valid request refused by a business rule (400: e.g. a decision on
#: a dossier not yet accepted, an empty import) is the API doing its work, not a failure.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def scoped_tokens(cast):
    evaluated_cycle(cast)
    accepted_proposal(cast)
    return {
        "none": None,
        "read": make_token(cast).raw,
        "decisions": make_token(cast, scopes=(Scope.DECISIONS,)).raw,
        "registry": make_token(cast, scopes=(Scope.REGISTRY,)).raw,
    }


@pytest.fixture
def wsgi_app(monkeypatch):
    """The application as a server runs it, on the test's database connection: like Django's test
    client, requests do not close the connection (it holds the test's transaction)."""
    from thidua.api import auth

    # No rate limit in this run: it makes hundreds of calls per token on purpose.
    monkeypatch.setattr(auth, "RATE_LIMIT", 10**9)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_schemathesis_finds_no_server_error_and_no_answer_off_schema(scoped_tokens, wsgi_app):
    app = wsgi_app
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = app
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=8,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):  # type: ignore[no-untyped-def]
            for raw in scoped_tokens.values():
                headers = {"Authorization": f"Bearer {raw}"} if raw else {}
                case.call_and_validate(headers=headers, checks=CHECKS)

        run()
