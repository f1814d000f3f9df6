"""The ballot model cannot hold who voted, nor when: a structural check of its fields."""

from __future__ import annotations

from django.db import models

from thidua.accounts.models import User
from thidua.orgs.models import Organisation
from thidua.voting.models import Ballot, BallotSession


def test_no_field_of_a_ballot_relates_to_a_person_or_a_unit():
    for f in Ballot._meta.get_fields():
        related = getattr(f, "related_model", None)
        assert related not in (User, Organisation), f.name
        # Only the session may be related, and the session itself is not a person or unit.
        if related is not None:
            assert related is BallotSession, f.name


def test_a_ballot_has_no_time_and_a_random_identifier():
    for f in Ballot._meta.get_fields():
        assert not isinstance(f, models.DateTimeField | models.DateField | models.TimeField), f.name
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert Ballot._meta.ordering and "receipt_hash" in Ballot._meta.ordering[-1]
