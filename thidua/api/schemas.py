"""What the API answers and accepts: only public fields, never a person's contact or a password,
never who voted how."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class Problem(Schema):
    detail: str = Field(description="What went wrong, in the language asked for (vi or en).")
    field: str | None = Field(None, description="The input field at fault, when there is one.")


class InvalidInput(Schema):
    detail: list[dict[str, object]] | str


class Page(Schema):
    count: int


# --- the registry ------------------------------------------------------------------------------


class ProvinceOut(Schema):
    id: int
    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    merged_into_id: int | None


class NameVersionOut(Schema):
    name: str
    short_name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    decision_ref: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    province: str = Field(description="The province's code.")
    valid_from: dt.date | None
    valid_to: dt.date | None
    names: list[NameVersionOut]


class SuccessionOut(Schema):
    kind: str
    date: dt.date
    decision_ref: str
    predecessors: list[int]
    successors: list[int]


class MembershipOut(Schema):
    block_id: int
    block: str
    organisation_id: int
    organisation: str
    year: int
    order: int


class OrganisationDetailOut(OrganisationOut):
    successions: list[SuccessionOut]
    memberships: list[MembershipOut]


class BlockOut(Schema):
    id: int
    name: str
    province: str
    description: str
    is_active: bool


class AwardHistoryOut(Schema):
    year: int
    title: str
    name: str = Field(description="The organisation's name when it was awarded.")
    via_predecessor: bool
    decision_number: str
    decision_date: dt.date | None
    decided_by: str


# --- cycles ------------------------------------------------------------------------------------


class PhaseOut(Schema):
    number: int
    value: str
    label: str
    state: str = Field(description="done, current, next or later")


class CycleOut(Schema):
    id: int
    block_id: int
    block: str
    year: int
    phase: str
    head_unit_id: int
    deputy_unit_id: int


class CycleDetailOut(CycleOut):
    phases: list[PhaseOut]


class RankingEntryOut(Schema):
    rank: int | None
    unit_id: int | None
    name: str
    final: str | None = Field(description="The final score as published, as text (e.g. 95.50).")


class RankingOut(Schema):
    cycle_id: int
    block: str
    year: int
    published_at: dt.datetime
    corrected_at: dt.datetime | None
    entries: list[RankingEntryOut]


class CandidateCountOut(Schema):
    organisation_id: int
    name: str
    agree: int | None
    status: str = Field(description="passed, failed, tied, or empty before the count")


class BallotResultOut(Schema):
    id: int
    kind: str
    title: str
    round: int
    base: int = Field(description="The count the threshold is taken of (members or present).")
    needed: int
    candidates: list[CandidateCountOut]


# --- dossiers and decisions --------------------------------------------------------------------


class NomineeOut(Schema):
    id: int
    organisation_id: int
    name: str
    rank: int | None
    score: str
    agree: int | None
    granted: bool | None
    refusal_reason: str


class StateChangeOut(Schema):
    action: str
    reason: str
    at: dt.datetime


class DossierOut(Schema):
    id: int
    cycle_id: int
    block: str
    year: int
    title: str
    status: str
    number: str
    date: dt.date | None
    submitted_at: dt.datetime | None
    nominees: list[NomineeOut]
    history: list[StateChangeOut]
    decision_id: int | None


class AwardOut(Schema):
    organisation_id: int
    name: str
    title: str
    year: int


class DecisionOut(Schema):
    id: int
    dossier_id: int
    number: str
    date: dt.date
    signer_name: str
    signer_position: str
    awards: list[AwardOut]


class OutcomeIn(Schema):
    nominee_id: int
    granted: bool
    reason: str = Field("", max_length=500, description="Required when not granted.")


class DecisionIn(Schema):
    number: str = Field(max_length=60)
    date: dt.date
    signer_name: str = Field(max_length=150)
    signer_position: str = Field("", max_length=200)
    outcomes: list[OutcomeIn] = Field(max_length=200)


# --- the registry import -----------------------------------------------------------------------


class OrganisationRowIn(Schema):
    name: str = Field(max_length=255)
    short_name: str = Field("", max_length=80)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)


class BlockRowIn(Schema):
    name: str = Field(max_length=150)
    description: str = Field("", max_length=2000)


class MembershipRowIn(Schema):
    block: str = Field(max_length=150, description="The block's name.")
    organisation: str = Field(max_length=255, description="The organisation's name.")
    year: int = Field(ge=1900, le=2200)
    order: int | None = Field(None, ge=0, le=999)


class RegistryImportIn(Schema):
    organisations: list[OrganisationRowIn] = Field(default_factory=list, max_length=10000)
    blocks: list[BlockRowIn] = Field(default_factory=list, max_length=10000)
    memberships: list[MembershipRowIn] = Field(default_factory=list, max_length=10000)


class RowProblemOut(Schema):
    sheet: str
    row: int = Field(description="The row's position in its list, from 1.")
    problems: list[str]


class RegistryProblemsOut(Schema):
    detail: str
    rows: list[RowProblemOut]


class RegistryImportOut(Schema):
    organisations: int
    blocks: int
    memberships: int


# --- the public portal -------------------------------------------------------------------------


class PublicRankingOut(Schema):
    block: str
    province: str
    year: int
    published_at: dt.datetime
    entries: list[RankingEntryOut]


class PublicAwardOut(Schema):
    organisation_id: int
    name: str
    title: str
    year: int
    decision_number: str
    decision_date: dt.date | None


class PublicNewsOut(Schema):
    slug: str
    title: str
    lead: str
    published_at: dt.datetime | None
    url: str


# --- pages of lists ----------------------------------------------------------------------------


class OrganisationPage(Page):
    items: list[OrganisationOut]


class BlockPage(Page):
    items: list[BlockOut]


class MembershipPage(Page):
    items: list[MembershipOut]


class CyclePage(Page):
    items: list[CycleOut]


class DossierPage(Page):
    items: list[DossierOut]


class DecisionPage(Page):
    items: list[DecisionOut]


class PublicRankingPage(Page):
    items: list[PublicRankingOut]


class PublicAwardPage(Page):
    items: list[PublicAwardOut]


class PublicNewsPage(Page):
    items: list[PublicNewsOut]
