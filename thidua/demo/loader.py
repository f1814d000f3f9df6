"""Load the demo of SPEC §6 through the product's services, so that the audit log holds every
step and `verify_audit` checks it like any other data.

Every step runs at its moment in the story (thidua/demo/clock.py, the moments in
thidua/demo/data.py), in the story's order: what the services stamp — sent, returned, decided,
signed, cast, the audit log — is the day it happened in the story, never the day of the load."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import access as account_access
from thidua.accounts import services as people
from thidua.accounts.models import Role, User
from thidua.core import audit
from thidua.cycles import services as cycles
from thidua.cycles.models import PHASE_ORDER, Cycle, Phase
from thidua.demo import clock, data, lam_dong, phases, remote, seals
from thidua.demo.clock import StoryClock
from thidua.orgs import services as orgs
from thidua.orgs.models import Block, Organisation, Province


class DemoRefused(Exception):
    """The database already holds data: the demo is only loaded into an empty one."""


@dataclass(frozen=True)
class DemoResult:
    organisations: int
    people: int
    cycles: list[Cycle]
    # When the load began: the story's end, later than any timestamp the demo wrote.
    loaded_at: dt.datetime
    # The current cycles of Lâm Đồng's blocks.
    live: int


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
    with clock.story() as story:
        return _load(story)


def _load(story: clock.StoryClock) -> DemoResult:
    story.at(data.SETUP_AT)
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
    block7, _ = _block(
        board, province, data.BLOCK7_NAME, data.BLOCK7_DESCRIPTION, data.BLOCK7_MEMBERS
    )
    users = _member_people(board, units)
    demo_root = seals.install(board, block8)
    env = lam_dong.Env(
        clock=story,
        board=board,
        province=provinces[data.LAM_DONG.code],
        year=lam_dong.current_year(story.end),
        khoi8_units=units,
    )
    _lam_dong_policy(board, provinces[data.LAM_DONG.code])
    for line in lam_dong.lines(env):
        story.meanwhile(line)
    cycle_2024 = _cycle_2024(story, board, block8, units, users)
    story.at(data.MEMBERS_2025_AT)
    orgs.copy_memberships(actor=board, block=block7, from_year=2024, to_year=2025)
    story.meanwhile(
        _merger(board, provinces[data.LAM_DONG.code], [province, provinces[data.DAK_NONG.code]])
    )
    cycle_2025 = _cycle_2025(story, board, block8, units, users)
    story.finish()
    story.at(story.end)
    remote.install(
        demo_root, User.objects.get(username=data.leader_username(lam_dong.REMOTE_SIGNER_CODE))
    )
    for person in User.objects.filter(is_active=True).order_by("pk"):
        if account_access.two_factor_required(person):
            _demo_device(board, person)
    # Argon2 takes a third of a second a hash by design: the demo's accounts, which share one
    # published password, get one hash (as seed_synthetic does) instead of a minute of hashing.
    User.objects.filter(email__endswith="@" + data.EMAIL_DOMAIN).update(
        password=make_password(data.DEMO_PASSWORD)
    )
    return DemoResult(
        organisations=Organisation.objects.count(),
        people=User.objects.count(),
        cycles=[cycle_2024, cycle_2025],
        loaded_at=story.end,
        live=Cycle.objects.filter(block__province=env.province, year=env.year).count(),
    )


def _merger(board: User, into: Province, predecessors: list[Province]) -> Iterator[dt.datetime]:
    """The Board records the merger the day it takes effect, while Khối 8's 2025 year runs."""
    yield data.MERGER_RECORDED_AT
    orgs.merge_provinces(
        actor=board,
        into=into,
        predecessors=predecessors,
        date=data.MERGER_DATE,
        decision_ref=data.MERGER_DECISION,
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
    )


def _lam_dong_policy(board: User, province: Province) -> None:
    """Lâm Đồng's blocks: each unit is scored by one assigned unit (the province's rule; a block
    may ask for more, as thidua/demo/lam_dong.py's cross-scoring block does)."""
    policy = cycles.province_policy(province, actor=board)
    cycles.update_policy(
        actor=board,
        policy=policy,
        values={"scorer_mode": "assigned", "scorers_per_unit": 1},
        quotas={},
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
    for order, member in enumerate(members, start=1):
        orgs.add_membership(
            actor=board, block=block, organisation=units[member.code], year=2024, order=order
        )
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
    story: clock.StoryClock,
    board: User,
    block: Block,
    units: dict[str, Organisation],
    users: dict[str, User],
) -> Cycle:
    """Opened by the Board; moved through every phase by the head unit's representative on the
    days of data.PHASES_2024; the head unit is renamed while the cycle is in progress."""
    story.at(data.CYCLE_2024_CREATED_AT)
    cycle = cycles.create_cycle(
        actor=board,
        block=block,
        year=2024,
        head_unit=units[data.HEAD_2024],
        deputy_unit=units[data.DEPUTY_2024],
    )
    head_rep = users[data.representative_username(data.HEAD_2024)]
    context = DemoContext(
        board=board, block=block, units=units, users=users, cycle=cycle, clock=story
    )
    phases.run(Phase.PREPARING, context)
    for phase in PHASE_ORDER[1:]:
        story.at(data.PHASES_2024[phase])
        cycles.advance_phase(actor=head_rep, cycle=cycle, to_phase=phase)
        phases.run(phase, context)
        if phase == Phase.IN_PROGRESS:
            story.at(data.RENAME_RECORDED_AT)
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
    story: clock.StoryClock,
    board: User,
    block: Block,
    units: dict[str, Organisation],
    users: dict[str, User],
) -> Cycle:
    """Created by the 2024 evaluation meeting's election (thidua/demo/phases/voting.py) with the
    head by rotation; drafted, signed and under way in Bình Thuận, then scored, evaluated,
    proposed, decided in Lâm Đồng and closed, on the days of data.PHASES_2025. The block's last
    year: the Board closes the block once the year is closed."""
    cycle = Cycle.objects.filter(block=block, year=2025).first()
    head = cycles.default_head_for(block, 2025)
    if cycle is None or head is None:
        raise RuntimeError("The 2024 evaluation meeting elects the head of the demo's 2025 cycle.")
    if (cycle.head_unit_id, cycle.deputy_unit_id) != (head.pk, units[data.DEPUTY_2025].pk):
        raise RuntimeError("The demo's 2025 cycle must have the head and deputy of data.py.")
    head_rep = users[data.representative_username(data.DEPUTY_2024)]
    context = DemoContext(
        board=board, block=block, units=units, users=users, cycle=cycle, clock=story
    )
    phases.run(Phase.PREPARING, context)
    for phase, moment in data.PHASES_2025.items():
        story.at(moment)
        # Every phase's checklist is complete on the story's days: no warning to acknowledge.
        cycles.advance_phase(actor=head_rep, cycle=cycle, to_phase=phase)
        phases.run(phase, context)
    story.at(data.BLOCK8_CLOSED_AT)
    lam_dong.close_block(board, block, since=data.LAST_YEAR + 1)
    return cycle


@dataclass
class DemoContext:
    """What each part's phase hook gets (thidua/demo/phases/): the Board officer, the block, its
    units and people (by the codes and usernames of thidua/demo/data.py), the cycle being
    walked through, and the story's clock, which each hook moves to the moment of its steps."""

    board: User
    block: Block
    units: dict[str, Organisation]
    users: dict[str, User]
    cycle: Cycle
    clock: StoryClock


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
    """The demo TOTP device of a demo account (one the loader gave the published demo key);
    None for any other account."""
    return TOTPDevice.objects.filter(
        user__username=username,
        user__email__endswith="@" + data.EMAIL_DOMAIN,
        name=data.DEMO_DEVICE_NAME,
        key=data.DEMO_TOTP_KEY,
        confirmed=True,
    ).first()
