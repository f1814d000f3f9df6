"""The ballot box: the one place where a vote is cast. The secrecy invariants (models.py):

- the ``Ballot`` row has a random id, no timestamp and no link to a person or a unit;
- the ``VoterRecord`` (this unit has voted in this session) is written in the same transaction,
  and its unique constraint makes a second vote of the same unit fail, even under concurrency;
- the receipt code exists before the ballot is cast: the voter is shown it on the confirmation
  step and it comes back with the vote, so a voter whose answer is lost still holds it; only its
  SHA-256 is stored, on the ballot;
- the order of the rows says nothing about the order of casting: every cast writes the session's
  ballots again in a fresh random order, so on disk (SQLite's rowid, PostgreSQL's heap and the
  transaction id of each row) they are a shuffle of one another, written by the last vote;
- the audit event says that the unit voted in the session, at the time the session opened —
  never its choices, its receipt, nor when within the session it voted.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.cycles.models import Phase
from thidua.orgs.models import Organisation
from thidua.voting import selectors
from thidua.voting.models import (
    Ballot,
    BallotSession,
    SessionMode,
    SessionStatus,
    VoterRecord,
)

# No 0/O, 1/I/L: a code read aloud or copied by hand stays unambiguous.
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10
AGREE, DISAGREE = selectors.AGREE, selectors.DISAGREE


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def normalise_receipt(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def parse_receipt(code: str) -> str:
    """The receipt as it is hashed; a code this box would not have made is refused."""
    clean = normalise_receipt(code)
    if len(clean) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in clean):
        raise DomainError(
            _("The receipt code of this ballot is not valid: check your choices and cast again.")
        )
    return clean


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise_receipt(code).encode()).hexdigest()


def group_receipt(code: str) -> str:
    """ "ABCDE23456" → "ABCDE-23456": easier to read and to copy by hand."""
    return f"{code[:5]}-{code[5:]}"


def check_choices(
    session: BallotSession, choices: Mapping[int, str], candidate_ids: list[int] | None = None
) -> dict[str, str]:
    """Every candidate gets "agree" or "disagree"; at most `seats` agree."""
    candidates = (
        list(candidate_ids)
        if candidate_ids is not None
        else list(session.candidates.order_by("order", "pk").values_list("pk", flat=True))
    )
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
    receipt: str = "",
    candidate_ids: list[int] | None = None,
) -> str:
    """Cast the unit's ballot and return its receipt code (never stored, only its hash).

    `receipt` is the code the voter was shown before casting (the ballot page's confirmation
    step); without it, a new one is made and only the answer carries it. `candidate_ids`, when
    the caller has already read the session's candidates (the ballot form), spares reading them
    again."""
    if not reauthenticated:
        raise DomainError(_("Confirm your identity again before voting."))
    if getattr(actor, "organisation_id", None) != unit.pk:
        raise DomainError(_("You can only vote for your own unit."))
    code = parse_receipt(receipt) if receipt else new_receipt_code()
    hashed = receipt_hash(code)
    # Everything that needs no lock is checked first, so that the session's row (which every
    # voter of the session takes in turn) is held only to see the ballot still open and to put
    # the ballot in: 200 delegates voting at once then wait milliseconds each, not seconds. The
    # checks read the session's state, the unit's presence and membership, the meeting's quorum,
    # the unit's voter record and the receipt in one query (`selectors.cast_facts`).
    facts = selectors.cast_facts(session.pk, unit.pk, hashed)
    if facts is None:
        raise DomainError(_("This ballot is not open for voting."))
    _check_state(phase=facts.phase, mode=facts.mode, status=facts.status)
    if not facts.present and not (facts.allow_written_vote and facts.member):
        raise DomainError(
            _("Only units recorded as present at the meeting may vote; %(unit)s is not.")
            % {"unit": unit.name}
        )
    if not facts.quorum_reached:
        raise DomainError(_("The meeting no longer has a quorum: voting is suspended."))
    if facts.voted:
        raise DomainError(_("%(unit)s has already voted in this ballot.") % {"unit": unit.name})
    clean = check_choices(session, choices, candidate_ids)
    if facts.receipt_taken:
        raise DomainError(
            _("This receipt code is already taken: check your choices and cast again.")
        )
    label = str(session)  # the event's label, read now rather than under the lock
    with transaction.atomic():
        # The lock orders voters against closing: a ballot is either counted or refused.
        locked = (
            BallotSession.objects.select_for_update(of=("self",))
            .select_related("cycle")
            .get(pk=session.pk)
        )
        _check_open(locked)
        # No savepoints: a refusal leaves the whole transaction, which is then rolled back.
        try:
            VoterRecord.objects.create(session=locked, organisation=unit)
        except IntegrityError as exc:
            raise DomainError(
                _("%(unit)s has already voted in this ballot.") % {"unit": unit.name}
            ) from exc
        _into_the_box(locked, hashed=hashed, choices=clean)
        audit.record(
            actor=actor,
            action="voting.ballot.cast",
            obj=locked,
            object_label=label,
            after={"unit": unit.name, "voted": True},
            # When within the session a unit voted is nobody's business (see the docstring).
            at=locked.opened_at or timezone.now().replace(minute=0, second=0, microsecond=0),
        )
    return code


def _check_open(session: BallotSession) -> None:
    _check_state(phase=session.cycle.phase, mode=session.mode, status=session.status)


def _check_state(*, phase: str, mode: str, status: str) -> None:
    if phase != Phase.EVALUATION:
        raise DomainError(_("Votes are cast only during the evaluation phase."))
    if mode != SessionMode.ELECTRONIC or status != SessionStatus.OPEN:
        raise DomainError(_("This ballot is not open for voting."))


def _into_the_box(session: BallotSession, *, hashed: str, choices: dict[str, Any]) -> None:
    """Add the ballot and write all the session's ballots again, shuffled (see the docstring).

    A few hundred rows per cast at most; casts of one session are serialised by its lock. The
    receipt's uniqueness across sessions is checked before (cheaply) and by the database."""
    # Under the session's lock, so on plain SQL: the ORM's model instances and bulk insert
    # cost about 10 ms of CPU at 200 ballots, which every later voter of the burst waited for.
    table = connection.ops.quote_name(Ballot._meta.db_table)
    id_field, choices_field = Ballot._meta.get_field("id"), Ballot._meta.get_field("choices")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, receipt_hash, choices FROM {table} WHERE session_id = %s",  # noqa: S608
            [session.pk],
        )
        stored = cursor.fetchall()
    rows = [
        (
            id_field.get_db_prep_save(id_field.to_python(pk), connection),
            session.pk,
            receipt,
            choices_field.get_db_prep_save(
                json.loads(chosen) if isinstance(chosen, str) else chosen, connection
            ),
        )
        for pk, receipt, chosen in [*stored, (uuid.uuid4(), hashed, choices)]
    ]
    secrets.SystemRandom().shuffle(rows)
    insert = (
        f"INSERT INTO {table} (id, session_id, receipt_hash, choices) "  # noqa: S608
        "VALUES (%s, %s, %s, %s)"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE session_id = %s", [session.pk])  # noqa: S608
            cursor.executemany(insert, rows)  # a refusal rolls the cast's transaction back
    except IntegrityError as exc:  # the same code cast at this moment in another session
        raise DomainError(
            _("This receipt code is already taken: check your choices and cast again.")
        ) from exc


def receipt_in_box(session: BallotSession, code: str) -> bool:
    """Whether a ballot of the session carries this receipt (not how it was cast)."""
    try:
        clean = parse_receipt(code)
    except DomainError:
        return False
    return Ballot.objects.filter(session=session, receipt_hash=receipt_hash(clean)).exists()
