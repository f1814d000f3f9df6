"""The registry pages: provinces, organisations, blocks and people."""

from thidua.orgs.views.blocks import (
    block_add_members,
    block_copy_members,
    block_create,
    block_detail,
    block_edit,
    block_list,
    membership_remove,
    my_block,
)
from thidua.orgs.views.organisations import (
    organisation_create,
    organisation_detail,
    organisation_edit,
    organisation_list,
    organisation_merge,
    organisation_rename,
    organisation_split,
)
from thidua.orgs.views.people import (
    person_create,
    person_edit,
    person_list,
    person_reset_two_factor,
)
from thidua.orgs.views.provinces import (
    province_create,
    province_edit,
    province_list,
    province_merge,
)

__all__ = [
    "block_add_members",
    "block_copy_members",
    "block_create",
    "block_detail",
    "block_edit",
    "block_list",
    "membership_remove",
    "my_block",
    "organisation_create",
    "organisation_detail",
    "organisation_edit",
    "organisation_list",
    "organisation_merge",
    "organisation_rename",
    "organisation_split",
    "person_create",
    "person_edit",
    "person_list",
    "person_reset_two_factor",
    "province_create",
    "province_edit",
    "province_list",
    "province_merge",
]
