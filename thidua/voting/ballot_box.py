"""The ballot box: the one place where a vote is cast. The secrecy invariants (models.py):

- the ``Ballot`` row has a random id, no timestamp and no link to a person or a unit;
- the ``VoterRecord`` (this unit has voted in this session) is written in the same transaction,
  and its unique constraint makes a second vote of the same unit fail, even under concurrency;
- the voter gets a receipt code, shown once; only its SHA-256 is stored, on the ballot;
- the audit event says that the unit voted in the session — never its choices or receipt.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import Phase
from thidua.orgs.models import Organisation
from thidua.voting import selectors
from thidua.voting.models import Ballot, BallotSession, SessionMode, SessionStatus, VoterRecord

# No 0/O, 1/I/L: a code read aloud or copied by hand stays unambiguous.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10
AGREE, DISAGREE = selectors.AGREE, selectors.DISAGREE


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise_receipt(code).encode()).hexdigest()


def group_receipt(code: str) -> str:
    """ "ABCDE23456" → "ABCDE-23456": easier to read and to copy by hand."""
    return f"{code[:5]}-{code[5:]}"


def _check_choices(session: BallotSession, choices: Mapping[int, str]) -> dict[str, str]:
    """Every candidate gets "agree" or "disagree"; at most `seats` agree."""
    candidates = [c.pk for c in session.candidates.all()]
    unknown = set(choices) - set(candidates)
    if unknown:
        raise DomainError(_("The ballot names a unit that is not a candidate in this session."))
    style = selectors.ballot_style(session, len(candidates))
    if style == "approve" and any(choices.get(pk) not in (AGREE, DISAGREE) for pk in candidates):
        raise DomainError(_("Choose “Agree” or “Disagree” for every candidate."))
    clean = {str(pk): AGREE if choices.get(pk) == AGREE else DISAGREE for pk in candidates}
    agreed = sum(1 for v in clean.values() if v == AGREE)
    if agreed > session.seats:
        raise DomainError(
            _("You may choose at most %(seats)s candidate(s); you chose %(n)s.")
            % {"seats": session.seats, "n": agreed}
        )
    return clean


def cast_ballot(
    *,
    actor: Actor,
    session: BallotSession,
    unit: Organisation,
    choices: Mapping[int, str],
    reauthenticated: bool,
) -> str:
    """Cast the unit's ballot and return the receipt code (to show once, never stored)."""
    if not reauthenticated:
        raise DomainError(_("Confirm your identity again before voting."))
    if getattr(actor, "organisation_id", None) != unit.pk:
        raise DomainError(_("You can only vote for your own unit."))
    with transaction.atomic():
        # The lock orders voters against closing: a ballot is either counted or refused.
        locked = (
            BallotSession.objects.select_for_update(of=("self",))
            .select_related("cycle__policy", "meeting")
            .get(pk=session.pk)
        )
        if locked.cycle.phase != Phase.EVALUATION:
            raise DomainError(_("Votes are cast only during the evaluation phase."))
        if locked.mode != SessionMode.ELECTRONIC or locked.status != SessionStatus.OPEN:
            raise DomainError(_("This ballot is not open for voting."))
        if unit.pk not in selectors.present_unit_ids(locked.meeting) and not (
            locked.cycle.policy.allow_written_vote and selectors.is_member(locked.cycle, unit.pk)
        ):
            raise DomainError(
                _("Only units recorded as present at the meeting may vote; %(unit)s is not.")
                % {"unit": unit.name}
            )
        if not selectors.quorum(locked.meeting).reached:
            raise DomainError(_("The meeting no longer has a quorum: voting is suspended."))
        if VoterRecord.objects.filter(session=locked, organisation=unit).exists():
            raise DomainError(_("%(unit)s has already voted in this ballot.") % {"unit": unit.name})
        clean = _check_choices(locked, choices)
        try:
            with transaction.atomic():
                VoterRecord.objects.create(session=locked, organisation=unit)
        except IntegrityError as exc:
            raise DomainError(
                _("%(unit)s has already voted in this ballot.") % {"unit": unit.name}
            ) from exc
        code = new_receipt_code()
        Ballot.objects.create(session=locked, receipt_hash=receipt_hash(code), choices=clean)
        audit.record(
            actor=actor,
            action="voting.ballot.cast",
            obj=locked,
            after={"unit": unit.name, "voted": True},
        )
    return code
