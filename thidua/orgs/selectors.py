"""Reads for the registry pages: searching, filtering, sorting and the block page's data.

Every list runs a fixed number of queries whatever the data size: rows are fetched with their
relations joined, and per-row extras are fetched once for the whole page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from thidua.accounts.models import Role, User
from thidua.core.forms import parse_id
from thidua.cycles.models import Cycle
from thidua.lib.text import casefold, fold, nfc
from thidua.orgs.models import Block, Membership, Organisation, Province, Succession

PAGE_SIZE = 25


# --- list parameters, search and sorting -----------------------------------------------------


@dataclass(frozen=True)
class SortColumn:
    """A table header: its label, the link's next sort value and its current `aria-sort`."""

    key: str
    label: str | Promise
    next_sort: str
    aria_sort: str  # "ascending", "descending" or "" when the column is not the sort key


@dataclass(frozen=True)
class ListQuery:
    """What a list page was asked for: the search text, diacritics folding, sort and filters."""

    q: str = ""
    folded: bool = False
    sort: str = ""
    filters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_query(cls, query: QueryDict, *, filters: Sequence[str] = ()) -> ListQuery:
        return cls(
            q=nfc(query.get("q", ""))[:200],
            folded=query.get("fold", "") in {"1", "on", "true"},
            sort=query.get("sort", "").strip(),
            filters={name: query.get(name, "").strip() for name in filters},
        )

    def filter_id(self, name: str) -> int | None:
        value = self.filters.get(name, "")
        return parse_id(value)


def search(
    queryset: QuerySet[Any], q: str, *, folded: bool, also: Sequence[str] = ()
) -> QuerySet[Any]:
    """Every word of `q` must appear in the record's search key.

    With `folded`, both sides lose their diacritics ("hoi nha bao" finds "Hội Nhà báo");
    otherwise the match ignores case only. `also` names related records whose keys count too.
    """
    text = fold(q) if folded else casefold(q)
    column = "search_folded" if folded else "search_exact"
    for word in text.split():
        condition = Q(**{f"{column}__contains": word})
        for relation in also:
            condition |= Q(**{f"{relation}__{column}__contains": word})
        queryset = queryset.filter(condition)
    return queryset


def sort_columns(
    current: str, columns: Sequence[tuple[str, str | Promise]], default: str
) -> tuple[str, list[SortColumn]]:
    """Check the requested sort against the sortable `columns` and describe each header."""
    key = current.lstrip("-")
    if key not in {k for k, _label in columns}:
        current, key = default, default.lstrip("-")
    descending = current.startswith("-")
    headers = []
    for column_key, label in columns:
        if column_key == key:
            aria = "descending" if descending else "ascending"
            next_sort = column_key if descending else f"-{column_key}"
        else:
            aria, next_sort = "", column_key
        headers.append(SortColumn(column_key, label, next_sort, aria))
    return current, headers


def order_by(
    queryset: QuerySet[Any], sort: str, fields: Mapping[str, Sequence[str]]
) -> QuerySet[Any]:
    """Apply a checked sort value; `fields` maps each key to the model fields it orders by."""
    descending = sort.startswith("-")
    # Empty values last in both directions, whatever the database's own habit.
    names = [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)
        for f in fields[sort.lstrip("-")]
    ]
    return queryset.order_by(*names, "pk")


# --- provinces -------------------------------------------------------------------------------


def provinces() -> QuerySet[Province]:
    return Province.objects.select_related("merged_into").prefetch_related("merged_from")


def current_provinces() -> QuerySet[Province]:
    today = dt.date.today()
    return Province.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))


# --- organisations ---------------------------------------------------------------------------

ORG_STATUSES = ("current", "ended", "all")
ORG_SORTS = {
    "name": ["name"],
    "province": ["province__name", "name"],
    "valid_from": ["valid_from", "name"],
}


def current_organisations() -> QuerySet[Organisation]:
    today = dt.date.today()
    return (
        Organisation.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("province")
        .order_by("name", "pk")
    )


def organisations(query: ListQuery, sort: str) -> QuerySet[Organisation]:
    rows = Organisation.objects.select_related("province")
    rows = search(rows, query.q, folded=query.folded)
    province_id = query.filter_id("province")
    if province_id:
        rows = rows.filter(province_id=province_id)
    today = dt.date.today()
    status = query.filters.get("status") or "current"
    if status == "current":
        rows = rows.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    elif status == "ended":
        rows = rows.filter(valid_to__lt=today)
    return order_by(rows, sort, ORG_SORTS)


def latest_blocks(org_ids: Iterable[int]) -> dict[int, Membership]:
    """Each organisation's latest membership (with its block), in one query."""
    latest: dict[int, Membership] = {}
    rows = (
        Membership.objects.filter(organisation_id__in=list(org_ids))
        .select_related("block")
        .order_by("organisation_id", "-year")
    )
    for membership in rows:
        latest.setdefault(membership.organisation_id, membership)
    return latest


@dataclass(frozen=True)
class SuccessionRow:
    succession: Succession
    predecessors: list[Organisation]
    successors: list[Organisation]
    direction: str  # "in": this organisation came out of it; "out": it went into it


@dataclass(frozen=True)
class OrganisationPage:
    organisation: Organisation
    names: list[Any]
    successions: list[SuccessionRow]
    memberships: list[Membership]
    people: list[User]


def organisation_page(org: Organisation) -> OrganisationPage:
    names = list(org.names.order_by(F("valid_from").asc(nulls_first=True), "pk"))
    successions = (
        Succession.objects.filter(Q(predecessors=org) | Q(successors=org))
        .distinct()
        .prefetch_related("predecessors", "successors")
        .order_by("-date", "-pk")
    )
    rows = []
    for s in successions:
        before, after = list(s.predecessors.all()), list(s.successors.all())
        direction = "in" if any(o.pk == org.pk for o in after) else "out"
        rows.append(SuccessionRow(s, before, after, direction))
    memberships = list(org.memberships.select_related("block").order_by("-year"))
    people = list(org.people.order_by("full_name", "username"))
    return OrganisationPage(org, names, rows, memberships, people)


# --- blocks ----------------------------------------------------------------------------------

BLOCK_STATUSES = ("active", "inactive", "all")
BLOCK_SORTS = {"name": ["name"], "province": ["province__name", "name"]}


def blocks(query: ListQuery, sort: str) -> QuerySet[Block]:
    rows = Block.objects.select_related("province")
    rows = search(rows, query.q, folded=query.folded)
    province_id = query.filter_id("province")
    if province_id:
        rows = rows.filter(province_id=province_id)
    status = query.filters.get("status") or "active"
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    return order_by(rows, sort, BLOCK_SORTS)


@dataclass(frozen=True)
class YearCount:
    year: int
    members: int


def latest_member_counts(block_ids: Iterable[int]) -> dict[int, YearCount]:
    """For each block, its latest year with members and how many, in one query."""
    counts: dict[int, YearCount] = {}
    rows = (
        Membership.objects.filter(block_id__in=list(block_ids))
        .values("block_id", "year")
        .annotate(n=Count("pk"))
        .order_by("block_id", "-year")
    )
    for row in rows:
        counts.setdefault(row["block_id"], YearCount(row["year"], row["n"]))
    return counts


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    organisation: Organisation
    name_then: str  # the name valid in that year, when it differs from the current one
    is_head: bool
    is_deputy: bool

    @property
    def role_label(self) -> str:
        if self.is_head:
            return _("Head unit")
        if self.is_deputy:
            return _("Deputy unit")
        return _("Member unit")


@dataclass(frozen=True)
class BlockPage:
    block: Block
    years: list[int]
    year: int
    members: list[MemberRow]
    cycles: list[Cycle]
    cycle: Cycle | None


def block_years(block: Block) -> list[int]:
    rows = Membership.objects.filter(block=block).values_list("year", flat=True)
    return sorted(set(rows.distinct().order_by()), reverse=True)


def block_page(block: Block, year: int | None) -> BlockPage:
    """The members of one year in order, with their role in that year's cycle."""
    years = block_years(block)
    if year is None:
        year = years[0] if years else dt.date.today().year
    cycles = list(block.cycles.select_related("head_unit", "deputy_unit").order_by("-year"))
    cycle = next((c for c in cycles if c.year == year), None)
    memberships = (
        Membership.objects.filter(block=block, year=year)
        .select_related("organisation")
        .prefetch_related("organisation__names")
        .order_by("order", "organisation__name", "pk")
    )
    day = min(dt.date(year, 12, 31), dt.date.today())
    members = []
    for m in memberships:
        org = m.organisation
        then = org.name_on(day)
        members.append(
            MemberRow(
                membership=m,
                organisation=org,
                name_then=then if then != org.name else "",
                is_head=bool(cycle and cycle.head_unit_id == org.pk),
                is_deputy=bool(cycle and cycle.deputy_unit_id == org.pk),
            )
        )
    return BlockPage(block, years, year, members, cycles, cycle)


def candidate_members(year: int) -> QuerySet[Organisation]:
    """Organisations that exist in `year` and are not yet in a block that year."""
    taken = Membership.objects.filter(year=year).values("organisation_id")
    return (
        Organisation.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__year__gte=year))
        .exclude(pk__in=taken)
        .select_related("province")
        .order_by("name", "pk")
    )


# --- people ----------------------------------------------------------------------------------

PERSON_STATUSES = ("active", "inactive", "all")
PERSON_SORTS = {
    "full_name": ["full_name", "username"],
    "username": ["username"],
    "role": ["role", "full_name"],
    "organisation": ["organisation__name", "full_name"],
}


def people(query: ListQuery, sort: str) -> QuerySet[User]:
    rows = User.objects.select_related("organisation")
    rows = search(rows, query.q, folded=query.folded, also=["organisation"])
    role = query.filters.get("role", "")
    if role in Role.values:
        rows = rows.filter(role=role)
    organisation_id = query.filter_id("organisation")
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    status = query.filters.get("status") or "all"
    if status == "active":
        rows = rows.filter(is_active=True)
    elif status == "inactive":
        rows = rows.filter(is_active=False)
    return order_by(rows, sort, PERSON_SORTS)


# --- for the Board's dashboard (thidua/board) -------------------------------------------------


def registry_counts() -> dict[str, int]:
    """Active blocks and organisations that exist today (two queries)."""
    return {
        "blocks": Block.objects.filter(is_active=True).count(),
        "organisations": Organisation.objects.filter(valid_to__isnull=True).count(),
    }


def active_block_names_except(block_ids: Iterable[int]) -> list[str]:
    """Names of the active blocks other than `block_ids` (one query)."""
    return list(
        Block.objects.filter(is_active=True)
        .exclude(pk__in=list(block_ids))
        .order_by("name")
        .values_list("name", flat=True)
    )


def members_of(block_years: Mapping[tuple[int, int], int]) -> dict[int, list[Organisation]]:
    """The member units (in their order) of each `(block_id, year) → key`, by key (one query)."""
    rows = (
        Membership.objects.filter(
            block_id__in={b for b, _y in block_years}, year__in={y for _b, y in block_years}
        )
        .select_related("organisation")
        .order_by("order", "organisation__name")
    )
    members: dict[int, list[Organisation]] = {}
    for m in rows:
        key = block_years.get((m.block_id, m.year))
        if key is not None:
            members.setdefault(key, []).append(m.organisation)
    return members


def block_names_of(org_years: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The block each organisation belonged to in each year, by `(organisation_id, year)`."""
    if not org_years:
        return {}
    rows = Membership.objects.filter(
        organisation_id__in={o for o, _y in org_years}, year__in={y for _o, y in org_years}
    ).values_list("organisation_id", "year", "block__name")
    return {(org, year): name for org, year, name in rows}
