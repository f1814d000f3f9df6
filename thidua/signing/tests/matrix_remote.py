"""The remote signing routes: only a member unit's leader starts a request and follows their own;
only the signer a TEST provider request was sent to opens its approval page."""

from __future__ import annotations

from django.utils import timezone

from thidua.signing.models import RemoteSignRequest, RemoteState, TestProviderAnswer
from thidua.signing.tests.helpers import signing_ready
from thidua.tests.access_matrix import Route

LEADERS = frozenset({"member_leader"})


def _ready(cast):
    signing_ready(cast)
    return {"cycle_pk": cast.cycle.pk}


def _request(cast):
    version = signing_ready(cast)
    now = timezone.now()
    request = RemoteSignRequest.objects.create(
        version=version,
        unit=cast.member_org,
        signer=cast.member_leader,
        provider="thidua.signing.remote_test.TestProvider",
        state=RemoteState.REFUSED,
        message="refused",
        base_sha256="0" * 64,
        prepared=b"",
        reserved_start=0,
        reserved_end=0,
        document_digest="00",
        signed_attributes=b"",
        digest_to_sign="00",
        certificate_subject="CN=Member Leader",
        created_at=now,
        expires_at=now,
        decided_at=now,
    )
    return {"cycle_pk": cast.cycle.pk, "pk": request.pk}


def _answer(cast):
    row, _ = TestProviderAnswer.objects.get_or_create(
        reference="matrix-reference",
        defaults={
            "username": cast.member_leader.username,
            "title": "Giao ước",
            "digest": "00",
            "created_at": timezone.now(),
        },
    )
    return {"reference": row.reference}


ROUTES = [
    Route("signing:remote_start", kwargs=_ready, allowed=LEADERS, method="post"),
    Route("signing:remote_status", kwargs=_request, allowed=LEADERS),
    Route("signing:test_remote", kwargs=_answer, allowed=LEADERS),
]
