"""The demo's remote signing: after load_demo, the printed leader of the block whose covenant is
being signed signs it through the built-in TEST provider with the demo CA's certificate, and
the product accepts it (the demo root is a trust anchor); the key is a file, never in the
database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from thidua.accounts.models import User
from thidua.cycles.models import Phase
from thidua.demo import data, lam_dong, signins
from thidua.demo import remote as demo_remote
from thidua.signing import remote, remote_test, selectors
from thidua.signing.models import RemoteState, SignatureMethod
from thidua.testing import signin

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DEMO_SEALS_DIR = tmp_path / "demo-seals"
    settings.REMOTE_SIGNING = {"provider": "thidua.signing.remote_test.TestProvider"}
    call_command("load_demo", stdout=io.StringIO())


def test_the_printed_leader_signs_the_live_covenant_remotely(demo, settings):
    leader = User.objects.get(username=data.leader_username(lam_dong.REMOTE_SIGNER_CODE))
    entry = next(e for e in signins.sign_ins() if e.username == leader.username)
    cycle = signins._live_cycle(Phase.SIGNING)
    assert cycle is not None and entry.path == f"/signing/cycle/{cycle.pk}/sign/"
    page = signin(Client(), leader).get(entry.path)
    assert page.status_code == 200 and "TEST" in page.content.decode()
    assert (demo_remote.keys_dir() / f"{leader.username}.p12").exists()

    version = selectors.signing_version(cycle)
    request = remote.start(actor=leader, cycle=cycle, version=version)
    remote_test.answer(actor=leader, reference=request.reference, approve=True)
    request = remote.refresh(actor=leader, request=request)
    assert request.state == RemoteState.APPROVED, request.message
    assert request.signature.method == SignatureMethod.DIGITAL
    assert "DEMO" in request.signature.certificate_issuer
    # Once signed, the sign-in points to the cycle instead.
    entry = next(e for e in signins.sign_ins() if e.username == leader.username)
    assert entry.path == f"/cycles/{cycle.pk}/"
