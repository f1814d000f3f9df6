"""Load the demo of SPEC §6 through the product's services, so that the audit log holds every
step and `verify_audit` checks it like any other data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import services as people
from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.cycles import access as cycle_access
from thidua.cycles import services as cycles
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase
from thidua.demo import data, phases
from thidua.orgs import services as orgs
from thidua.orgs.models import Block, Organisation, Province


class DemoRefused(Exception):
    """The database already holds data: the demo is only loaded into an empty one."""


@dataclass(frozen=True)
class DemoResult:
    organisations: int
    people: int
    cycles: list[Cycle]


def existing_data() -> dict[str, int]:
    """What would be overwritten or mixed with the demo (empty when the database is empty)."""
    counts = {
        "provinces": Province.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
    }
    return {k: v for k, v in counts.items() if v}


def is_loaded() -> bool:
    """The demo's sign-ins exist (the demo was loaded into this database)."""
    needed = {
        data.BOARD_OFFICER.username,
        *data.TOTP_USERNAMES,
        data.leader_username(data.PERSONA_CODE),
        data.representative_username(data.PERSONA_CODE),
    }
    return User.objects.filter(username__in=needed).count() == len(needed)


@transaction.atomic
def load() -> DemoResult:
    """Everything or nothing: one transaction around the whole demo."""
    found = existing_data()
    if found:
        raise DemoRefused(found)
    provinces = {
        p.code: orgs.create_province(actor=None, code=p.code, name=p.name) for p in data.PROVINCES
    }
    for p in data.PROVINCES:
        if p.routing:
            orgs.update_province(
                actor=None, province=provinces[p.code], name=p.name, dossier_routing=p.routing
            )
    board = _person(
        data.BOARD_OFFICER.username,
        data.BOARD_OFFICER.full_name,
        Role.BOARD_OFFICER,
        None,
        data.BOARD_OFFICER.position,
        actor=None,
    )
    for code in (data.BINH_THUAN.code, data.LAM_DONG.code):
        for award in data.AWARDS:
            cycles.create_award_type(
                actor=board,
                province=provinces[code],
                code=award.code,
                name=award.name,
                decided_by=award.decided_by,
                is_flag=award.is_flag,
                default_quota=award.default_quota,
                order=award.order,
            )
    province = provinces[data.BINH_THUAN.code]
    block8, units = _block(
        board, province, data.BLOCK8_NAME, data.BLOCK8_DESCRIPTION, data.BLOCK8_MEMBERS
    )
    _block(board, province, data.BLOCK7_NAME, data.BLOCK7_DESCRIPTION, data.BLOCK7_MEMBERS)
    users = _member_people(board, units)
    cycle_2024 = _cycle_2024(board, block8, units, users)
    cycle_2025 = _cycle_2025(board, block8, units, users)
    orgs.merge_provinces(
        actor=board,
        into=provinces[data.LAM_DONG.code],
        predecessors=[province, provinces[data.DAK_NONG.code]],
        date=data.MERGER_DATE,
        decision_ref=data.MERGER_DECISION,
    )
    for username in data.TOTP_USERNAMES:
        _demo_device(board, User.objects.get(username=username))
    return DemoResult(
        organisations=Organisation.objects.count(),
        people=User.objects.count(),
        cycles=[cycle_2024, cycle_2025],
    )


def _person(
    username: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    position: str,
    *,
    actor: Any,
) -> User:
    return people.create_person(
        actor=actor,
        username=username,
        full_name=full_name,
        role=role,
        email=f"{username}@{data.EMAIL_DOMAIN}",
        organisation=organisation,
        position=position,
        password=data.DEMO_PASSWORD,
    )


def _block(
    board: User, province: Province, name: str, description: str, members: list[data.MemberSpec]
) -> tuple[Block, dict[str, Organisation]]:
    block = orgs.create_block(actor=board, province=province, name=name, description=description)
    units = {
        m.code: orgs.create_organisation(
            actor=board, province=province, name=m.name, short_name=m.short_name
        )
        for m in members
    }
    first, *later = data.YEARS
    for order, member in enumerate(members, start=1):
        orgs.add_membership(
            actor=board, block=block, organisation=units[member.code], year=first, order=order
        )
    for year in later:
        orgs.copy_memberships(actor=board, block=block, from_year=year - 1, to_year=year)
    return block, units


def _member_people(board: User, units: dict[str, Organisation]) -> dict[str, User]:
    users: dict[str, User] = {}
    for member in data.BLOCK8_MEMBERS:
        unit = units[member.code]
        leader = data.leader_username(member.code)
        users[leader] = _person(
            leader, member.leader, Role.LEADER, unit, member.leader_position, actor=board
        )
        rep = data.representative_username(member.code)
        users[rep] = _person(
            rep, member.representative, Role.REPRESENTATIVE, unit, "Chánh Văn phòng", actor=board
        )
    return users


def _cycle_2024(
    board: User, block: Block, units: dict[str, Organisation], users: dict[str, User]
) -> Cycle:
    """Opened by the Board; moved through every phase by the head unit's representative; the
    head unit is renamed while the cycle is in progress."""
    cycle = cycles.create_cycle(
        actor=board,
        block=block,
        year=2024,
        head_unit=units[data.HEAD_2024],
        deputy_unit=units[data.DEPUTY_2024],
    )
    head_rep = users[data.representative_username(data.HEAD_2024)]
    context = DemoContext(board=board, block=block, units=units, users=users, cycle=cycle)
    phases.run(Phase.PREPARING, context)
    for phase in PHASE_ORDER[1:]:
        cycles.advance_phase(actor=head_rep, cycle=cycle, to_phase=phase)
        phases.run(phase, context)
        if phase == Phase.IN_PROGRESS:
            orgs.rename_organisation(
                actor=board,
                org=units[data.RENAME_CODE],
                new_name=data.RENAME_TO,
                new_short_name=data.RENAME_SHORT,
                date=data.RENAME_DATE,
                decision_ref=data.RENAME_DECISION,
            )
            _new_chair(board, units[data.RENAME_CODE], users)
    return cycle


def _new_chair(board: User, unit: Organisation, users: dict[str, User]) -> None:
    """The renamed association has a chair (Nguyễn Thị Phúc chaired the 08/01/2025 review);
    the former head of the representative board keeps his account, inactive, for the record."""
    former = users[data.leader_username(data.RENAME_CODE)]
    people.update_person(
        actor=board,
        user=former,
        full_name=former.full_name,
        role=former.role,
        email=former.email,
        organisation=unit,
        position=former.position,
        phone=former.phone,
        is_active=False,
    )
    users[data.NEW_CHAIR_USERNAME] = _person(
        data.NEW_CHAIR_USERNAME, data.NEW_CHAIR_NAME, Role.LEADER, unit, "Chủ tịch", actor=board
    )


def _cycle_2025(
    board: User, block: Block, units: dict[str, Organisation], users: dict[str, User]
) -> Cycle:
    """Prepared by last year's head unit, as the access rules allow; head by rotation. The 2024
    evaluation meeting's election (thidua/demo/phases/voting.py) may already have created it."""
    preparer = users[data.representative_username(data.HEAD_2024)]
    head = cycles.default_head_for(block, 2025)
    if head is None or not cycle_access.can_create_cycle_for(preparer, block, 2025):
        raise RuntimeError("The demo's 2025 cycle must follow the access rules.")
    cycle = Cycle.objects.filter(block=block, year=2025).first() or cycles.create_cycle(
        actor=preparer, block=block, year=2025, head_unit=head, deputy_unit=units[data.DEPUTY_2025]
    )
    if (cycle.head_unit_id, cycle.deputy_unit_id) != (head.pk, units[data.DEPUTY_2025].pk):
        raise RuntimeError("The demo's 2025 cycle must have the head and deputy of data.py.")
    head_rep = users[data.representative_username(data.DEPUTY_2024)]
    context = DemoContext(board=board, block=block, units=units, users=users, cycle=cycle)
    phases.run(Phase.PREPARING, context)
    cycles.advance_phase(actor=head_rep, cycle=cycle, to_phase=Phase.DRAFTING)
    phases.run(Phase.DRAFTING, context)
    return cycle


@dataclass
class DemoContext:
    """What each part's phase hook gets (thidua/demo/phases/): the Board officer, the block, its
    units and people (by the codes and usernames of thidua/demo/data.py), and the cycle being
    walked through."""

    board: User
    block: Block
    units: dict[str, Organisation]
    users: dict[str, User]
    cycle: Cycle


def _demo_device(actor: User, user: User) -> TOTPDevice:
    device = TOTPDevice.objects.create(
        user=user, name=data.DEMO_DEVICE_NAME, key=data.DEMO_TOTP_KEY, confirmed=True
    )
    audit.record(
        actor=actor,
        action="person.totp_device.add",
        obj=user,
        after={"device": data.DEMO_DEVICE_NAME, "note": data.DEMO_MARK},
    )
    return device


def demo_device(username: str) -> TOTPDevice | None:
    """The demo TOTP device of a demo account; None for any other account."""
    if username not in data.TOTP_USERNAMES:
        return None
    return TOTPDevice.objects.filter(
        user__username=username, name=data.DEMO_DEVICE_NAME, key=data.DEMO_TOTP_KEY, confirmed=True
    ).first()
