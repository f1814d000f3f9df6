"""Writes to emulation blocks: create one, update its name and description."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.errors import DomainError
from thidua.core.types import Actor
from thidua.lib.text import nfc, search_keys
from thidua.orgs.models import (
    Block,
    Province,
)
from thidua.orgs.services.common import name_taken


def _block_keys(block: Block) -> None:
    block.search_exact, block.search_folded = search_keys(block.name, block.province.name)


@transaction.atomic
def create_block(*, actor: Actor, province: Province, name: str, description: str = "") -> Block:
    name = nfc(name)
    if not name:
        raise DomainError(_("A block needs a name."), field="name")
    if name_taken(Block.objects.filter(province=province), name):
        raise DomainError(
            _("A block named “%(name)s” already exists in %(province)s.")
            % {"name": name, "province": province.name},
            field="name",
        )
    block = Block(province=province, name=name, description=nfc(description))
    _block_keys(block)
    block.save()
    audit.record(
        actor=actor,
        action="block.create",
        obj=block,
        after={"name": name, "province": province.name},
    )
    return block


@transaction.atomic
def update_block(
    *, actor: Actor, block: Block, name: str, description: str, is_active: bool
) -> Block:
    name = nfc(name)
    if not name:
        raise DomainError(_("A block needs a name."), field="name")
    if name_taken(Block.objects.filter(province=block.province).exclude(pk=block.pk), name):
        raise DomainError(
            _("A block named “%(name)s” already exists in %(province)s.")
            % {"name": name, "province": block.province.name},
            field="name",
        )
    before = {"name": block.name, "description": block.description, "active": block.is_active}
    block.name, block.description, block.is_active = name, nfc(description), is_active
    _block_keys(block)
    block.save()
    audit.record(
        actor=actor,
        action="block.update",
        obj=block,
        before=before,
        after={"name": name, "description": block.description, "active": is_active},
    )
    return block
