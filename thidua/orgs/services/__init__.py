"""Every write to the registry: provinces, organisations and their successions, blocks and
memberships. Each is one transaction with one audit event; a rule that refuses raises
DomainError.
"""

from thidua.orgs.services.blocks import create_block, update_block
from thidua.orgs.services.memberships import (
    add_membership,
    add_memberships,
    check_year,
    copy_memberships,
    remove_membership,
)
from thidua.orgs.services.organisations import (
    NewOrganisation,
    create_organisation,
    create_organisations,
    refresh_search_keys,
    update_organisation,
)
from thidua.orgs.services.provinces import (
    DOCUMENT_FIELDS,
    create_province,
    merge_provinces,
    update_province,
)
from thidua.orgs.services.successions import (
    merge_organisations,
    rename_organisation,
    split_organisation,
)

__all__ = [
    "DOCUMENT_FIELDS",
    "NewOrganisation",
    "add_membership",
    "add_memberships",
    "check_year",
    "copy_memberships",
    "create_block",
    "create_organisation",
    "create_organisations",
    "create_province",
    "merge_organisations",
    "merge_provinces",
    "refresh_search_keys",
    "remove_membership",
    "rename_organisation",
    "split_organisation",
    "update_block",
    "update_organisation",
    "update_province",
]
