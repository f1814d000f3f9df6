"""Secret ballots of the evaluation meeting (SPEC §2 "Ballot session", §4 vote rules).

The secrecy invariants live here and in ``ballot_box.py``:

- a ``Ballot`` row has no link to a person or a unit, no timestamp and a random identifier;
- the fact that a unit has voted is a separate ``VoterRecord``, written in the same transaction;
- ``tests/test_secrecy.py`` walks ``Ballot``'s fields and fails if any relates to a user or an
  organisation.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    AWARD = "award", pgettext_lazy("ballot kind", "Award title")
    HEAD = "head", _("Next year's head unit")
    DEPUTY = "deputy", _("Next year's deputy unit")


class SessionMode(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic secret ballot")
    PAPER = "paper", _("Paper ballot count")


class SessionStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    OPEN = "open", pgettext_lazy("ballot", "Open")
    CLOSED = "closed", pgettext_lazy("ballot", "Closed")
    # Closed with fewer ballots than the quorum: nothing counted or published; held again.
    VOID = "void", pgettext_lazy("ballot", "Void")


class BallotSession(models.Model):
    """One secret ballot of the evaluation meeting: one title (or the election of next year's head
    or deputy), its candidates, and — once closed — its counts and result.

    The threshold and its base are copied from the cycle's policy when the session is prepared, so
    a later policy change never alters a result already counted.
    """

    cycle = models.ForeignKey(
        "cycles.Cycle",
        on_delete=models.PROTECT,
        related_name="ballot_sessions",
        verbose_name=_("cycle"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="ballot_sessions",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    award_type = models.ForeignKey(
        "cycles.AwardType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("title"),
    )
    mode = models.CharField(
        _("mode"), max_length=12, choices=SessionMode.choices, default=SessionMode.ELECTRONIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PREPARED
    )
    # 1 for the first ballot on a title, 2 for its run-off, …
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    runoff_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runoffs",
        verbose_name=_("run-off of"),
    )
    # The same question held again after this one was void or elected nobody.
    repeat_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
        verbose_name=_("held again after"),
    )
    # How many candidates may pass (the quota, or the seats left for a run-off).
    seats = models.PositiveSmallIntegerField(_("seats"))
    threshold_numerator = models.PositiveSmallIntegerField(_("threshold numerator"))
    threshold_denominator = models.PositiveSmallIntegerField(_("threshold denominator"))
    threshold_strict = models.BooleanField(_("strictly more than the threshold"))
    vote_base = models.CharField(_("base of the threshold"), max_length=10)
    member_count = models.PositiveSmallIntegerField(_("member units"))
    present_count = models.PositiveSmallIntegerField(_("units present"), null=True, blank=True)
    # The fewest ballots that are counted (the policy's quorum of the member units), fixed at
    # closing so that a later policy change never turns a void session into a counted one.
    ballots_needed = models.PositiveSmallIntegerField(_("ballots needed"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The paper count (mode "paper"), or the figures of the electronic count once closed.
    issued = models.PositiveSmallIntegerField(_("ballots issued"), null=True, blank=True)
    returned = models.PositiveSmallIntegerField(_("ballots returned"), null=True, blank=True)
    valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    invalid = models.PositiveSmallIntegerField(_("invalid ballots"), null=True, blank=True)
    # The counting committee (ban kiểm phiếu) of a paper count: [{"name", "position", "unit"}].
    committee = models.JSONField(_("counting committee"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["cycle", "pk"]
        verbose_name = _("ballot session")
        verbose_name_plural = _("ballot sessions")

    def __str__(self) -> str:
        label = self.award_type.name if self.award_type is not None else self.get_kind_display()
        return f"{label} ({self.cycle})"


class Candidate(models.Model):
    """A unit on a session's ballot paper; ``agree`` and ``passed`` are set when it closes."""

    session = models.ForeignKey(BallotSession, on_delete=models.CASCADE, related_name="candidates")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The unit's rank in the published ranking (None for the election of head/deputy).
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    agree = models.PositiveSmallIntegerField(_("agree"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    # Tied at the edge of the quota: goes to a run-off ballot.
    tied = models.BooleanField(_("tied at the quota's edge"), default=False)

    class Meta:
        ordering = ["session", "order", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"], name="one_candidacy_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.session}"


def _ballot_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """One cast ballot. Deliberately without voter, unit or time: see the module docstring.

    ``choices`` maps candidate ids (as strings) to "agree" or "disagree"; ``receipt_hash`` is the
    SHA-256 of the receipt code the voter was shown, so that the voter can find the ballot on the
    bulletin board after closing and nobody else can link it to them.
    """

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="ballots")
    receipt_hash = models.CharField(_("receipt hash"), max_length=64, unique=True)
    choices = models.JSONField(_("choices"), default=dict)

    class Meta:
        # Never by insertion order: the bulletin board is sorted by receipt hash.
        ordering = ["session", "receipt_hash"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return self.receipt_hash[:12]


class VoterRecord(models.Model):
    """That a unit has voted in a session — nothing about how, and no time."""

    session = models.ForeignKey(BallotSession, on_delete=models.PROTECT, related_name="voters")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        constraints = [
            models.UniqueConstraint(fields=["session", "organisation"], name="one_vote_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.session}"
