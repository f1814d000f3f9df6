"""Reads for the evaluation meeting's ballots: the meeting and its quorum, who may be nominated
from the published ranking, each session's figures, the bulletin board and its recount."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts.models import User
from thidua.cycles.access import UNIT_ROLES
from thidua.cycles.models import AwardType, Cycle, Policy, PolicyQuota
from thidua.meetings import selectors as meetings
from thidua.meetings.models import Attendance, Meeting, MeetingKind
from thidua.orgs.models import Membership, OrgName
from thidua.scoring.models import PublishedRanking
from thidua.voting import rules
from thidua.voting.models import (
    Ballot,
    BallotSession,
    Candidate,
    SessionKind,
    SessionStatus,
    VoterRecord,
)

AGREE, DISAGREE = "agree", "disagree"


def year_end_meeting(cycle: Cycle) -> Meeting | None:
    """The evaluation meeting: the cycle's latest year-end review."""
    return (
        Meeting.objects.filter(cycle=cycle, kind=MeetingKind.YEAR_END)
        .select_related("cycle__policy", "cycle__block__province")
        .order_by("-date", "-pk")
        .first()
    )


def present_unit_ids(meeting: Meeting) -> set[int]:
    return set(meeting.attendance.filter(present=True).values_list("organisation_id", flat=True))


def is_member(cycle: Cycle, organisation_id: int) -> bool:
    return Membership.objects.filter(
        block_id=cycle.block_id, year=cycle.year, organisation_id=organisation_id
    ).exists()


def may_vote(session: BallotSession, organisation_id: int) -> bool:
    """Present at the meeting, or absent with a written vote the policy allows."""
    if organisation_id in present_unit_ids(session.meeting):
        return True
    return session.cycle.policy.allow_written_vote and is_member(session.cycle, organisation_id)


def quorum(meeting: Meeting) -> meetings.Quorum:
    return meetings.quorum(meeting)


@dataclass(frozen=True)
class CastFacts:
    """What the ballot box checks before a cast, read in one query (the voting burst: 200
    delegates at once must not each re-read the meeting's attendance list and its members)."""

    phase: str
    mode: str
    status: str
    present: bool  # the unit is recorded present at the meeting
    member: bool  # the unit is a member of the block that year
    allow_written_vote: bool
    quorum_reached: bool
    voted: bool  # the unit already has a voter record in the session
    receipt_taken: bool  # a ballot (of any session) already carries this receipt's hash


def _cast_facts_sql() -> str:
    """The SQL of `cast_facts`, written once: the ORM took longer to build this query (about
    10 ms of a busy machine's CPU, per cast) than the database to answer it."""
    session, cycle = BallotSession._meta.db_table, Cycle._meta.db_table
    policy, membership = Policy._meta.db_table, Membership._meta.db_table
    attendance, voter = Attendance._meta.db_table, VoterRecord._meta.db_table
    members = f"FROM {membership} m WHERE m.block_id = c.block_id AND m.year = c.year"
    # Only the models' table names are put in; every value is a parameter.
    return f"""
        SELECT s.mode, s.status, c.phase, p.allow_written_vote,
               p.quorum_numerator, p.quorum_denominator,
               (SELECT COUNT(*) {members}) AS members,
               (SELECT COUNT(*) {members} AND m.organisation_id IN (
                   SELECT a.organisation_id FROM {attendance} a
                   WHERE a.meeting_id = s.meeting_id AND a.present = %(yes)s)) AS members_present,
               EXISTS (SELECT 1 FROM {attendance} a WHERE a.meeting_id = s.meeting_id
                       AND a.organisation_id = %(unit)s AND a.present = %(yes)s) AS unit_present,
               EXISTS (SELECT 1 {members} AND m.organisation_id = %(unit)s) AS unit_member,
               EXISTS (SELECT 1 FROM {voter} v WHERE v.session_id = s.id
                       AND v.organisation_id = %(unit)s) AS voted,
               EXISTS (SELECT 1 FROM {Ballot._meta.db_table} b
                       WHERE b.receipt_hash = %(hash)s) AS receipt_taken
        FROM {session} s
        JOIN {cycle} c ON c.id = s.cycle_id
        JOIN {policy} p ON p.id = c.policy_id
        WHERE s.id = %(session)s
    """  # noqa: S608


_CAST_FACTS_SQL: list[str] = []
_CAST_FACTS_COLUMNS = [
    *("mode", "status", "phase", "allow_written_vote", "quorum_numerator", "quorum_denominator"),
    *("members", "members_present", "unit_present", "unit_member", "voted", "receipt_taken"),
]


def cast_facts(session_pk: int, organisation_id: int, hashed: str) -> CastFacts | None:
    if not _CAST_FACTS_SQL:
        _CAST_FACTS_SQL.append(_cast_facts_sql())
    params: dict[str, Any] = {
        "session": session_pk,
        "unit": organisation_id,
        "hash": hashed,
        "yes": True,
    }
    with connection.cursor() as cursor:
        cursor.execute(_CAST_FACTS_SQL[0], params)
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(_CAST_FACTS_COLUMNS, found, strict=True))
    return CastFacts(
        phase=row["phase"],
        mode=row["mode"],
        status=row["status"],
        present=bool(row["unit_present"]),
        member=bool(row["unit_member"]),
        allow_written_vote=bool(row["allow_written_vote"]),
        quorum_reached=rules.quorum_reached(
            row["members_present"],
            row["members"],
            row["quorum_numerator"],
            row["quorum_denominator"],
        ),
        voted=bool(row["voted"]),
        receipt_taken=bool(row["receipt_taken"]),
    )


def published_ranking(cycle: Cycle) -> PublishedRanking | None:
    return PublishedRanking.objects.filter(cycle=cycle).first()


def ordered_quotas(cycle: Cycle) -> list[PolicyQuota]:
    """The policy's titles, flag titles first: the flag goes to the leading units."""
    quotas = list(cycle.policy.quotas.select_related("award_type"))
    quotas.sort(key=lambda q: (not q.award_type.is_flag, q.award_type.order, q.award_type.name))
    return quotas


def nominee_windows(cycle: Cycle, ranking: PublishedRanking) -> dict[int, list[dict[str, Any]]]:
    """Per award type, the ranking entries that may be nominated: the flag's quota from the top,
    then each next title's quota below it, so that a unit is never a candidate for two titles."""
    entries = [e for e in ranking.entries if e.get("rank")]
    windows: dict[int, list[dict[str, Any]]] = {}
    offset = 0
    for quota in ordered_quotas(cycle):
        windows[quota.award_type_id] = [
            e for e in entries if offset < e["rank"] <= offset + quota.quota
        ]
        offset += quota.quota
    return windows


def sessions(cycle: Cycle) -> QuerySet[BallotSession]:
    return (
        BallotSession.objects.filter(cycle=cycle)
        .select_related("cycle", "award_type", "meeting", "runoff_of")
        .prefetch_related(_candidates_prefetch())
        .order_by("pk")
    )


def _candidates_prefetch() -> Prefetch:
    return Prefetch(
        "candidates",
        queryset=Candidate.objects.select_related("organisation").prefetch_related(
            Prefetch("organisation__names", queryset=OrgName.objects.order_by("-valid_from"))
        ),
    )


def candidates_of(session: BallotSession) -> list[Candidate]:
    """The session's candidates with their names, from the prefetch when there is one."""
    cache = getattr(session, "_prefetched_objects_cache", {})
    if "candidates" in cache:
        return list(session.candidates.all())
    return list(
        session.candidates.select_related("organisation").prefetch_related(
            Prefetch("organisation__names", queryset=OrgName.objects.order_by("-valid_from"))
        )
    )


def session_title(session: BallotSession) -> str:
    """In Vietnamese whatever the UI language: it goes into the minutes and ballots.json."""
    if session.kind == SessionKind.AWARD and session.award_type is not None:
        label = session.award_type.name
    elif session.kind == SessionKind.HEAD:
        label = f"Bầu đơn vị Trưởng khối năm {session.cycle.year + 1}"
    else:
        label = f"Bầu đơn vị Phó khối năm {session.cycle.year + 1}"
    if session.round == 1:
        return label
    if session.repeat_of_id is not None:
        return f"{label} (tổ chức bỏ phiếu lại, vòng {session.round})"
    return f"{label} (bỏ phiếu lại, vòng {session.round})"


def session_label(session: BallotSession) -> str:
    label = _session_label(session)
    if session.repeat_of_id is None:
        return label
    return _("%(label)s (held again, round %(round)s)") % {"label": label, "round": session.round}


def _session_label(session: BallotSession) -> str:
    """The session's name in the UI language (documents use `session_title`)."""
    year = session.cycle.year + 1
    if session.kind == SessionKind.AWARD and session.award_type is not None:
        label = session.award_type.name
    elif session.kind == SessionKind.HEAD:
        label = _("Election of the %(year)s head unit") % {"year": year}
    else:
        label = _("Election of the %(year)s deputy unit") % {"year": year}
    if session.round == 1 or session.repeat_of_id is not None:
        return label
    return _("%(label)s (run-off, round %(round)s)") % {"label": label, "round": session.round}


def ballot_style(session: BallotSession, candidate_count: int) -> str:
    """ "approve": agree or disagree with each candidate (every candidate can pass, e.g. the
    quota's nominees, or the one unit proposed for head); "choose": pick at most `seats` of more
    candidates than seats (contested elections and run-offs)."""
    return "approve" if candidate_count <= session.seats else "choose"


def threshold(session: BallotSession) -> rules.Threshold:
    return rules.Threshold(
        session.threshold_numerator,
        session.threshold_denominator,
        session.threshold_strict,
        session.vote_base,
    )


def base_count(session: BallotSession) -> int:
    return threshold(session).base_count(
        members=session.member_count, present=session.present_count or 0
    )


@dataclass
class CandidateRow:
    candidate: Candidate
    name: str
    agree: int | None
    percent: str
    status: str  # "passed" | "failed" | "tied" | "" while not counted


@dataclass
class SessionSummary:
    session: BallotSession
    title: str  # in Vietnamese, for documents
    label: str  # in the UI language
    rows: list[CandidateRow]
    style: str
    base: int
    needed: int
    voted: list[str] = field(default_factory=list)  # names of the units that voted (electronic)

    @property
    def closed(self) -> bool:
        return self.session.status == SessionStatus.CLOSED

    @property
    def void(self) -> bool:
        return self.session.status == SessionStatus.VOID

    @property
    def passed(self) -> list[str]:
        return [r.name for r in self.rows if r.status == "passed"]

    @property
    def tied(self) -> list[str]:
        return [r.name for r in self.rows if r.status == "tied"]


def _status(candidate: Candidate) -> str:
    if candidate.passed is None:
        return ""
    if candidate.passed:
        return "passed"
    return "tied" if candidate.tied else "failed"


def summary(session: BallotSession, *, voted: list[str] | None = None) -> SessionSummary:
    """`session` should come with its candidates prefetched (see `sessions`)."""
    day = session.meeting.date
    candidates = candidates_of(session)
    base = base_count(session)
    rows = [
        CandidateRow(
            c,
            c.organisation.name_on(day),
            c.agree,
            rules.percent(c.agree, base),
            _status(c),
        )
        for c in candidates
    ]
    return SessionSummary(
        session=session,
        title=session_title(session),
        label=session_label(session),
        rows=rows,
        style=ballot_style(session, len(candidates)),
        base=base,
        needed=threshold(session).minimum(base) if base else 0,
        voted=voted or [],
    )


def cycle_summaries(cycle: Cycle) -> list[SessionSummary]:
    return [summary(s) for s in sessions(cycle)]


def voted_units(session: BallotSession) -> list[str]:
    """Which units have voted — public, unlike how they voted."""
    day = session.meeting.date
    records = session.voters.select_related("organisation").prefetch_related("organisation__names")
    return sorted(r.organisation.name_on(day) for r in records)


def units_not_voted(session: BallotSession) -> list[str]:
    """The units that may vote in an open session and have not (public, like who has voted)."""
    if session.cycle.policy.allow_written_vote:
        may = {o.pk for o in meetings.members(session.cycle)}
    else:
        may = present_unit_ids(session.meeting)
    waiting = may - set(session.voters.values_list("organisation_id", flat=True))
    day = session.meeting.date
    orgs = (
        Membership.objects.filter(
            block_id=session.cycle.block_id, year=session.cycle.year, organisation_id__in=waiting
        )
        .select_related("organisation")
        .prefetch_related("organisation__names")
    )
    return sorted(m.organisation.name_on(day) for m in orgs)


def has_voted(session: BallotSession, organisation_id: int) -> bool:
    return session.voters.filter(organisation_id=organisation_id).exists()


# --- turnout and the quorum of ballots ------------------------------------------------------


def ballots_needed(session: BallotSession) -> int:
    """The fewest ballots a session is counted with: the policy's quorum of the member units
    (fixed on the session when it closes)."""
    if session.ballots_needed is not None:
        return session.ballots_needed
    policy = session.cycle.policy
    return rules.quorum_needed(
        session.member_count, policy.quorum_numerator, policy.quorum_denominator
    )


@dataclass(frozen=True)
class Turnout:
    """How many units have voted (or had voted when the session closed) against the ballots
    issued, and the fewest ballots that are counted."""

    cast: int
    eligible: int
    needed: int
    members: int

    @property
    def counts(self) -> bool:
        return self.cast >= self.needed

    @property
    def missing(self) -> int:
        return max(self.needed - self.cast, 0)

    @property
    def text(self) -> str:
        return _("%(cast)s/%(eligible)s units have voted") % {
            "cast": self.cast,
            "eligible": self.eligible,
        }

    @property
    def quorum_text(self) -> str:
        return _(
            "A ballot is counted only when at least %(needed)s units have voted (the quorum "
            "of the %(members)s member units)."
        ) % {"needed": self.needed, "members": self.members}

    @property
    def void_text(self) -> str:
        return _(
            "Declared void: only %(cast)s of the %(needed)s ballots needed were cast. No "
            "result is counted or published, so that no unit's vote can be told from a tally; "
            "the head unit holds the ballot again."
        ) % {"cast": self.cast, "needed": self.needed}


def turnout(session: BallotSession) -> Turnout:
    if session.status in (SessionStatus.CLOSED, SessionStatus.VOID):
        cast, eligible = session.returned or 0, session.issued or 0
    else:
        cast = session.voters.count()
        eligible = (
            session.member_count
            if session.cycle.policy.allow_written_vote
            else session.present_count or 0
        )
    return Turnout(cast, eligible, ballots_needed(session), session.member_count)


def can_hold_again(session: BallotSession, summary: SessionSummary | None = None) -> bool:
    """A void session, or a closed election that elected nobody without a tie (a tie goes to a
    run-off), may be held again — once."""
    if session.status == SessionStatus.VOID:
        return not session.repeats.exists()
    if session.status != SessionStatus.CLOSED or session.kind == SessionKind.AWARD:
        return False
    if summary is not None:
        statuses = {r.status for r in summary.rows}
    else:
        statuses = {_status(c) for c in candidates_of(session)}
    return not statuses & {"passed", "tied"} and not session.repeats.exists()


# --- the bulletin board ----------------------------------------------------------------------


@dataclass(frozen=True)
class BulletinRow:
    receipt_hash: str
    choices: list[tuple[str, str]]  # (candidate's name, "agree" | "disagree")


def bulletin(session: BallotSession) -> list[BulletinRow]:
    """Every ballot of a closed session by receipt hash, sorted by hash (never by casting order)."""
    day = session.meeting.date
    names = {str(c.pk): c.organisation.name_on(day) for c in candidates_of(session)}
    order = list(names)
    rows = []
    for ballot in Ballot.objects.filter(session=session).order_by("receipt_hash"):
        rows.append(
            BulletinRow(
                ballot.receipt_hash,
                [(names[k], ballot.choices.get(k, DISAGREE)) for k in order],
            )
        )
    return rows


def recount(session: BallotSession) -> dict[int, int]:
    """Agree votes per candidate id, counted again from the ballots themselves."""
    counts: Counter[int] = Counter({c.pk: 0 for c in session.candidates.all()})
    for choices in Ballot.objects.filter(session=session).values_list("choices", flat=True):
        for key, choice in choices.items():
            if choice == AGREE:
                counts[int(key)] += 1
    return dict(counts)


# --- the election ----------------------------------------------------------------------------


def elected(cycle: Cycle, kind: str) -> Candidate | None:
    """The unit elected for `kind` (head or deputy) in a closed session, if exactly one."""
    winners = list(
        Candidate.objects.filter(
            session__cycle=cycle,
            session__kind=kind,
            session__status=SessionStatus.CLOSED,
            passed=True,
        ).select_related("organisation")
    )
    return winners[0] if len(winners) == 1 else None


def people_of(unit_ids: set[int]) -> QuerySet[User]:
    return User.objects.filter(organisation_id__in=unit_ids, role__in=UNIT_ROLES, is_active=True)


def award_types_of(cycle: Cycle) -> list[AwardType]:
    return [q.award_type for q in ordered_quotas(cycle)]


@dataclass
class PrepareTarget:
    """A first-round ballot not prepared yet, with the units offered and those proposed."""

    key: str
    kind: str
    award_type: AwardType | None
    title: str
    choices: list[tuple[int, str]]
    initial: list[int]


def prepare_targets(cycle: Cycle) -> list[PrepareTarget]:
    existing = set(
        BallotSession.objects.filter(cycle=cycle, round=1).values_list("kind", "award_type_id")
    )
    targets = []
    ranking = published_ranking(cycle)
    if ranking is not None:
        windows = nominee_windows(cycle, ranking)
        ranked = [
            (e["unit"], f"{e['rank']}. {e['name']}") for e in ranking.entries if e.get("rank")
        ]
        for award_type in award_types_of(cycle):
            if (SessionKind.AWARD.value, award_type.pk) in existing:
                continue
            targets.append(
                PrepareTarget(
                    f"award-{award_type.pk}",
                    SessionKind.AWARD,
                    award_type,
                    award_type.name,
                    ranked,
                    [e["unit"] for e in windows.get(award_type.pk, [])],
                )
            )
    members = [(o.pk, o.name) for o in meetings.members(cycle)]
    # By rotation this year's deputy is proposed as next year's head; the deputy is open.
    proposed = {SessionKind.HEAD: [cycle.deputy_unit_id], SessionKind.DEPUTY: []}
    for kind in (SessionKind.HEAD, SessionKind.DEPUTY):
        if (kind.value, None) not in existing:
            targets.append(
                PrepareTarget(kind.value, kind, None, str(kind.label), members, proposed[kind])
            )
    return targets


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


@dataclass(frozen=True)
class OpenVoting:
    """Of a cycle's open ballot sessions: the units present at their meetings (who may vote) and
    those of them that have not voted yet."""

    voters: set[int]
    waiting: set[int]


def open_voting(cycle_ids: Iterable[int]) -> dict[int, OpenVoting]:
    """The cycles with an open ballot session, by cycle (at most three queries)."""
    sessions = list(
        BallotSession.objects.filter(
            cycle_id__in=list(cycle_ids), status=SessionStatus.OPEN
        ).values("pk", "cycle_id", "meeting_id")
    )
    if not sessions:
        return {}
    present = meetings.present_units({s["meeting_id"] for s in sessions})
    voted: dict[int, set[int]] = {s["pk"]: set() for s in sessions}
    for session_id, org_id in VoterRecord.objects.filter(
        session_id__in=[s["pk"] for s in sessions]
    ).values_list("session_id", "organisation_id"):
        voted[session_id].add(org_id)
    result: dict[int, OpenVoting] = {}
    for s in sessions:
        state = result.setdefault(s["cycle_id"], OpenVoting(set(), set()))
        state.voters.update(present[s["meeting_id"]])
        state.waiting.update(present[s["meeting_id"]] - voted[s["pk"]])
    return result
