"""Who may open each registry URL (see thidua/tests/access_matrix.py)."""

from thidua.orgs.models import Membership
from thidua.testing import YEAR
from thidua.tests.access_matrix import EVERYONE, MEMBERS, Route

BOARD = frozenset({"board"})


def _membership(cast):
    return {"pk": Membership.objects.get(block=cast.block, organisation=cast.member_org).pk}


ROUTES = [
    Route("orgs:province_list", allowed=BOARD),
    Route("orgs:province_create", allowed=BOARD),
    Route("orgs:province_merge", allowed=BOARD),
    Route("orgs:province_edit", kwargs=lambda c: {"pk": c.province.pk}, allowed=BOARD),
    Route("orgs:organisation_list", allowed=BOARD),
    Route("orgs:organisation_list", allowed=BOARD, query="?q=hoi+nha+bao&fold=1&sort=-province"),
    Route("orgs:organisation_create", allowed=BOARD),
    Route("orgs:organisation_merge", allowed=BOARD),
    Route("orgs:organisation_detail", kwargs=lambda c: {"pk": c.member_org.pk}, allowed=BOARD),
    Route("orgs:organisation_edit", kwargs=lambda c: {"pk": c.member_org.pk}, allowed=BOARD),
    Route("orgs:organisation_rename", kwargs=lambda c: {"pk": c.member_org.pk}, allowed=BOARD),
    Route("orgs:organisation_split", kwargs=lambda c: {"pk": c.member_org.pk}, allowed=BOARD),
    Route("orgs:block_list", allowed=BOARD),
    Route("orgs:block_create", allowed=BOARD),
    # Board officers go to the block list, members to their block's page.
    Route("orgs:my_block", allowed=EVERYONE, ok_status=302),
    Route("orgs:block_detail", kwargs=lambda c: {"pk": c.block.pk}, allowed=MEMBERS | BOARD),
    Route("orgs:block_edit", kwargs=lambda c: {"pk": c.block.pk}, allowed=BOARD),
    Route("orgs:block_add_members", kwargs=lambda c: {"pk": c.block.pk}, allowed=BOARD),
    Route(
        "orgs:block_copy_members",
        kwargs=lambda c: {"pk": c.block.pk},
        allowed=BOARD,
        method="post",
        data=lambda c: {"from_year": YEAR, "to_year": YEAR + 1},
    ),
    Route("orgs:membership_remove", kwargs=_membership, allowed=BOARD),
    Route("orgs:person_list", allowed=BOARD),
    Route("orgs:person_create", allowed=BOARD),
    Route("orgs:person_edit", kwargs=lambda c: {"pk": c.member_rep.pk}, allowed=BOARD),
    Route(
        "orgs:person_reset_two_factor",
        kwargs=lambda c: {"pk": c.member_rep.pk},
        method="post",
        allowed=BOARD,
    ),
]
