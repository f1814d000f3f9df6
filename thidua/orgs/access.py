"""Who may see or change the registry: the only place that decides it.

The registry (provinces, organisations, blocks, people) is the Board's work. A block's page is
also open to the people of its member organisations, in any year they were members.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.orgs.models import Block, Membership


def is_board(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_board)


def require_board(user: Any) -> None:
    """Board officers only; everyone else gets 403."""
    if not is_board(user):
        raise PermissionDenied


def user_block_ids(user: Any) -> set[int]:
    """Blocks the person's organisation belongs (or belonged) to, in any year."""
    if not user.is_authenticated or not getattr(user, "organisation_id", None):
        return set()
    rows = Membership.objects.filter(organisation_id=user.organisation_id)
    return set(rows.values_list("block_id", flat=True).distinct())


def get_block_for(user: Any, pk: int) -> Block:
    """The block, for the Board or a member of it (any year); otherwise it does not exist."""
    block = Block.objects.select_related("province").filter(pk=pk).first()
    if block is None:
        raise Http404
    if is_board(user):
        return block
    if not user.is_active or block.pk not in user_block_ids(user):
        raise Http404
    return block


def latest_block_for(user: Any) -> Block | None:
    """The block of the person's organisation's latest membership, if any."""
    if not user.is_authenticated or not getattr(user, "organisation_id", None):
        return None
    membership = (
        Membership.objects.filter(organisation_id=user.organisation_id)
        .select_related("block")
        .order_by("-year", "-pk")
        .first()
    )
    return membership.block if membership else None
