import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.accounts.selectors import signed_in_person
from thidua.cycles.models import Phase
from thidua.orgs.models import Organisation
from thidua.testing import signin


def _values(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_person_comes_with_organisation_authenticators_and_headship_in_one_query(
    cast, django_assert_num_queries
):
    head = cast.head_rep
    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=head, name="unconfirmed", confirmed=False)
    with django_assert_num_queries(1):
        person = signed_in_person(head.pk)
        assert person.organisation.name == cast.head_org.name
    assert _values(person) == _values(User.objects.get(pk=head.pk))
    assert _values(person.organisation) == _values(Organisation.objects.get(pk=cast.head_org.pk))
    assert [_values(d) for d in person.confirmed_totp_devices] == [_values(device)]
    assert person.heads_open_cycle is True


def test_a_person_without_authenticator_organisation_or_open_cycle_is_loaded_too(cast):
    board = signed_in_person(cast.board.pk)
    assert board.organisation is None
    assert board.confirmed_totp_devices == []
    assert board.heads_open_cycle is False
    assert signed_in_person(cast.member_rep.pk).heads_open_cycle is False
    cast.cycle.phase = Phase.CLOSED
    cast.cycle.save()
    assert signed_in_person(cast.head_rep.pk).heads_open_cycle is False
    assert signed_in_person(10**9) is None


@pytest.mark.parametrize("verified", [True, False])
def test_a_signed_in_request_costs_the_session_and_the_person(
    client, cast, django_assert_num_queries, verified
):
    """Past the second factor, or a member the policy does not oblige to use one: the session
    and the person (with what the two-factor checks need) are the only queries."""
    person = cast.head_rep if verified else cast.member_rep
    signin(client, person, verified=verified)
    with django_assert_num_queries(2):
        response = client.get(reverse("core:floor"))
    assert response.status_code == 200


def test_a_session_naming_another_persons_authenticator_is_not_verified(client, cast):
    signin(client, cast.head_rep)
    other = TOTPDevice.objects.create(user=cast.board, name="board", confirmed=True)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    response = client.get(reverse("core:floor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert "otp_device_id" not in client.session


def test_a_session_naming_an_unconfirmed_authenticator_is_not_verified(client, cast):
    signin(client, cast.head_rep)
    TOTPDevice.objects.filter(user=cast.head_rep).update(confirmed=False)
    response = client.get(reverse("core:floor"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
