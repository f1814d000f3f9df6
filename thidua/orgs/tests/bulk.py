"""Many organisations at once, for paging and query-budget tests (no per-row services)."""

from __future__ import annotations

from thidua.lib.text import search_keys
from thidua.orgs.models import Block, Membership, Organisation, OrgName, Province


def bulk_organisations(
    province: Province,
    n: int,
    *,
    block: Block | None = None,
    year: int = 2025,
    prefix: str = "Hội thành viên",
) -> list[Organisation]:
    orgs = []
    for i in range(n):
        name = f"{prefix} {i:04d}"
        exact, folded = search_keys(name)
        orgs.append(
            Organisation(province=province, name=name, search_exact=exact, search_folded=folded)
        )
    orgs = Organisation.objects.bulk_create(orgs)
    if not orgs[0].pk:  # back-ends that do not return primary keys
        orgs = list(Organisation.objects.filter(name__startswith=prefix).order_by("name"))
    OrgName.objects.bulk_create([OrgName(organisation=o, name=o.name) for o in orgs])
    if block is not None:
        Membership.objects.bulk_create(
            [
                Membership(block=block, organisation=o, year=year, order=i + 1)
                for i, o in enumerate(orgs)
            ]
        )
    return orgs
