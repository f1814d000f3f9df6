"""Remote signing (ký số từ xa) through the built-in TEST provider: the leader approves (or
refuses, or lets the request expire), the product embeds the provider's signature and records it
through exactly the checks of an uploaded file."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from thidua.core.models import AuditEvent
from thidua.reports.models import IssuedPdf
from thidua.signing import digital, pdfcheck, remote, remote_test, selectors
from thidua.signing.models import RemoteSignRequest, RemoteState, Signature, SignatureMethod
from thidua.signing.tests.helpers import leaders, make_version, signing_ready
from thidua.testing import signin
from thidua.testing.pki import make_pki

pytestmark = pytest.mark.django_db

NAMES = ["Member Leader", "Head Leader", "Deputy Leader", "Fourth Leader"]
PROVIDER = "thidua.signing.remote_test.TestProvider"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def pki():
    return make_pki([(n, "Hội") for n in NAMES])


@pytest.fixture
def keys(tmp_path, settings):
    settings.REMOTE_SIGNING = {"provider": PROVIDER, "options": {"keys_dir": str(tmp_path)}}
    return tmp_path


@pytest.fixture
def ready(cast, pki, keys):
    version = signing_ready(cast)
    people = leaders(cast)
    digital.add_trust_anchor(actor=cast.board, data=pki.root.pem, name="TEST Root")
    for person, leaf in zip(people, [*pki.leaders, pki.expired], strict=False):
        pki.write_pkcs12(leaf, keys, person.username)
    return version, people


def _english_client(client: Client, user) -> Client:
    signin(client, user)
    client.cookies["django_language"] = "en"
    return client


def _answer(request: RemoteSignRequest, *, approve: bool = True) -> None:
    remote_test.answer(actor=request.signer, reference=request.reference, approve=approve)


def _refresh(request: RemoteSignRequest) -> RemoteSignRequest:
    return remote.refresh(actor=request.signer, request=request)


def test_a_leader_approves_and_the_signature_is_checked_and_recorded(cast, ready):
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    assert request.state == RemoteState.WAITING
    assert request.reference and request.approval_url
    assert _refresh(request).state == RemoteState.WAITING  # the signer has not answered
    assert not Signature.objects.exists()
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.APPROVED, request.message
    signature = Signature.objects.get()
    assert request.signature == signature
    assert signature.method == SignatureMethod.DIGITAL
    assert signature.unit == cast.member_org
    assert "Member Leader" in signature.certificate_subject
    data = bytes(signature.signed_pdf.content)
    base = IssuedPdf.objects.get(sha256=request.base_sha256)
    assert data.startswith(bytes(base.content))
    report = pdfcheck.check(data)
    assert [s.verdict for s in report.signatures][-1] == "valid"
    assert report.signatures[-1].covers_whole_file
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "signing.remote.start" in actions and "signing.remote.approved" in actions
    assert "signing.signature.add" in actions
    # Asked again, a settled request stays as it is.
    assert _refresh(request).state == RemoteState.APPROVED
    assert Signature.objects.count() == 1


def test_the_provider_may_answer_with_a_whole_cms(cast, ready, keys, settings):
    settings.REMOTE_SIGNING = {
        "provider": PROVIDER,
        "options": {"keys_dir": str(keys), "returns": "cms"},
    }
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.APPROVED, request.message
    assert pdfcheck.check(bytes(request.signature.signed_pdf.content)).signatures[-1].trusted


def test_a_refused_request_records_nothing_but_its_state(cast, ready):
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    files = IssuedPdf.objects.count()
    _answer(request, approve=False)
    request = _refresh(request)
    assert request.state == RemoteState.REFUSED
    assert "refused" in request.message
    assert not Signature.objects.exists()
    assert IssuedPdf.objects.count() == files
    assert AuditEvent.objects.filter(action="signing.remote.refused").count() == 1
    # A new request may follow.
    again = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    assert again.pk != request.pk and again.state == RemoteState.WAITING


def test_an_unanswered_request_expires(cast, ready):
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    assert request.expires_at - request.created_at == dt.timedelta(seconds=300)
    RemoteSignRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    request.refresh_from_db()
    request = _refresh(request)
    assert request.state == RemoteState.EXPIRED
    assert "expired" in request.message
    assert not Signature.objects.exists()
    # An answer after the expiry changes nothing.
    _answer(request)
    assert _refresh(request).state == RemoteState.EXPIRED
    assert not Signature.objects.exists()


def test_a_waiting_request_is_reused_rather_than_sent_twice(cast, ready):
    version, people = ready
    first = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    second = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    assert first.pk == second.pk
    assert RemoteSignRequest.objects.count() == 1


def test_someone_elses_certificate_is_refused_by_the_same_checks(cast, pki, ready, keys):
    version, people = ready
    # The service holds the head unit leader's certificate under the member leader's account.
    pki.write_pkcs12(pki.leaders[1], keys, people[0].username)
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.FAILED
    assert "certificate of Head Leader, not with yours" in request.message
    assert not Signature.objects.exists()
    assert AuditEvent.objects.filter(action="signing.remote.failed").count() == 1


def test_an_expired_certificate_is_refused(cast, pki, ready, keys):
    version, people = ready
    pki.write_pkcs12(pki.expired, keys, people[0].username)
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.FAILED
    assert "not valid when the file was signed" in request.message
    assert not Signature.objects.exists()


def test_an_untrusted_certificate_is_refused(cast, pki, ready, keys):
    version, people = ready
    pki.write_pkcs12(pki.untrusted, keys, people[0].username)
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.FAILED
    assert "does not chain to a certificate authority the Board trusts" in request.message


def test_a_request_for_a_superseded_version_is_refused(cast, ready):
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    newer = make_version(cast, number=2)
    assert selectors.signing_version(cast.cycle) == newer
    _answer(request)
    request = _refresh(request)
    assert request.state == RemoteState.FAILED
    assert "superseded" in request.message
    assert not Signature.objects.exists()


def test_another_unit_signing_meanwhile_asks_for_a_new_request(cast, ready):
    version, people = ready
    mine = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    theirs = remote.start(actor=people[1], cycle=cast.cycle, version=version)
    _answer(theirs)
    assert _refresh(theirs).state == RemoteState.APPROVED
    _answer(mine)
    mine = _refresh(mine)
    assert mine.state == RemoteState.FAILED
    assert "start a new request" in mine.message
    again = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _answer(again)
    assert _refresh(again).state == RemoteState.APPROVED


def test_leaders_sign_one_file_in_turn_remotely_and_the_covenant_comes_into_force(cast, ready):
    version, people = ready
    for n, person in enumerate(people, start=1):
        assert not selectors.covenant_status(cast.cycle).in_force
        request = remote.start(actor=person, cycle=cast.cycle, version=version)
        _answer(request)
        request = _refresh(request)
        assert request.state == RemoteState.APPROVED, request.message
        report = pdfcheck.check(bytes(request.signature.signed_pdf.content))
        # The block's seal (or the unsigned mark) comes first, then one signature per leader.
        leaders_signatures = [s for s in report.signatures if s.field.startswith("Remote-")]
        assert len(leaders_signatures) == n
        assert all(s.verdict == "valid" for s in leaders_signatures)
    status = selectors.covenant_status(cast.cycle)
    assert status.in_force and status.version == version
    last = digital.latest_signed(version)
    assert last is not None
    assert {s.signer for s in pdfcheck.check(bytes(last.content)).signatures} >= set(NAMES)
    assert AuditEvent.objects.filter(action="signing.covenant.in_force").count() == 1


def test_a_leader_without_a_certificate_at_the_service_gets_a_clear_message(cast, ready, keys):
    version, people = ready
    (keys / f"{people[0].username}.p12").unlink()
    with pytest.raises(Exception) as error:
        remote.start(actor=people[0], cycle=cast.cycle, version=version)
    assert "holds no certificate for your account" in error.value.message
    assert not RemoteSignRequest.objects.exists()


def test_only_leaders_of_member_units_start_a_request(cast, ready):
    version, _people = ready
    with pytest.raises(Exception) as error:
        remote.start(actor=cast.member_rep, cycle=cast.cycle, version=version)
    assert "Only the leader" in error.value.message


@override_settings(DEMO_MODE=False, TESTING=False)
def test_the_test_provider_never_runs_on_a_production_site():
    with pytest.raises(ImproperlyConfigured):
        remote_test.TestProvider()


def test_the_pages_walk_a_leader_from_the_sign_page_to_the_recorded_signature(client, cast, ready):
    _version, people = ready
    _english_client(client, people[0])
    sign_url = reverse("signing:sign", args=[cast.cycle.pk])
    assert "Sign remotely" in client.get(sign_url).content.decode()
    response = client.post(reverse("signing:remote_start", args=[cast.cycle.pk]))
    request = RemoteSignRequest.objects.get()
    status_url = reverse("signing:remote_status", args=[cast.cycle.pk, request.pk])
    assert response.status_code == 302 and response["Location"] == status_url
    page = client.get(status_url).content.decode()
    assert "Waiting for your approval." in page and 'hx-trigger="every 2s"' in page
    assert 'role="status"' in page
    # The sign page now leads to the waiting request instead of starting another.
    assert "Follow my waiting request" in client.get(sign_url).content.decode()
    # Someone else cannot answer on the signer's behalf.
    other = Client()
    _english_client(other, cast.head_rep)
    assert other.get(request.approval_url).status_code == 404
    approval = client.get(request.approval_url)
    assert approval.status_code == 200 and "TEST" in approval.content.decode()
    answered = client.post(request.approval_url, {"answer": "approve"})
    assert answered["Location"] == status_url
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "was checked and recorded" in fragment and "<html" not in fragment
    assert 'hx-trigger="every 2s"' not in fragment  # settled: the polling stops
    assert Signature.objects.get().method == SignatureMethod.DIGITAL


def test_another_leaders_request_page_is_not_found(client, cast, ready):
    version, people = ready
    request = remote.start(actor=people[1], cycle=cast.cycle, version=version)
    _english_client(client, people[0])
    url = reverse("signing:remote_status", args=[cast.cycle.pk, request.pk])
    assert client.get(url).status_code == 404


def test_without_a_provider_the_sign_page_does_not_offer_remote_signing(
    client, cast, ready, settings
):
    _version, people = ready
    settings.REMOTE_SIGNING = None
    _english_client(client, people[0])
    page = client.get(reverse("signing:sign", args=[cast.cycle.pk])).content.decode()
    assert "Remote signing" not in page and "Sign remotely" not in page
    response = client.post(reverse("signing:remote_start", args=[cast.cycle.pk]), follow=True)
    assert "Remote signing is not set up on this site." in response.content.decode()
    assert not RemoteSignRequest.objects.exists()


def test_the_waiting_page_and_its_polls_make_a_bounded_number_of_queries(
    client, cast, ready, django_assert_max_num_queries
):
    version, people = ready
    request = remote.start(actor=people[0], cycle=cast.cycle, version=version)
    _english_client(client, people[0])
    url = reverse("signing:remote_status", args=[cast.cycle.pk, request.pk])
    client.get(url)
    with django_assert_max_num_queries(25) as page:
        client.get(url)
    with django_assert_max_num_queries(20) as poll:
        client.get(url, headers={"HX-Request": "true"})
    print(f"remote status page: {len(page)} queries, poll: {len(poll)} queries")
