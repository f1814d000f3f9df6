"""The province, its award types and policy template, Board officers, blocks, organisations with
their name versions, renames and mergers (succession), memberships and the people of each unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import Role, User
from thidua.cycles.models import AwardType, Policy, PolicyQuota
from thidua.demo import data
from thidua.demo.synthetic import audit, names
from thidua.demo.synthetic.base import Context, People, Slot, at, bulk, through
from thidua.lib.text import search_keys
from thidua.orgs.models import (
    Block,
    Membership,
    Organisation,
    OrgName,
    Province,
    Succession,
    SuccessionKind,
)

PROVINCE_CODE = "synthetic-lam-dong"
PROVINCE_NAME = "Lâm Đồng"
PASSWORD = "thidua-synthetic-2025"
EMAIL_DOMAIN = "synthetic.example.org"
# A fixed TOTP secret shared by every synthetic account, so that a benchmark can sign in with
# two-factor (`seed_synthetic --totp-code` prints the current code). Never used elsewhere.
TOTP_KEY = b"thidua-synthetic-totp".hex()
BOARD = [
    ("synth.bantdkt1", "Trần Thị Minh Thư", "Trưởng phòng Thi đua – Khen thưởng, Sở Nội vụ"),
    ("synth.bantdkt2", "Lê Quốc Bảo", "Chuyên viên Ban Thi đua – Khen thưởng, Sở Nội vụ"),
]
RENAME_SHARE = 0.08
MERGER_EVERY = 4  # one block in four has had a merger of two of its members


def representative_username(index: int) -> str:
    return f"dv{index:04d}.daidien"


def leader_username(index: int) -> str:
    return f"dv{index:04d}.lanhdao"


def merger_year(ctx: Context) -> int | None:
    cfg = ctx.config
    return cfg.last_year - 3 if cfg.years >= 4 and cfg.units_per_block >= 4 else None


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    _province(ctx, events)
    _organisations(ctx, events)
    _people(ctx, events)
    audit.flush(events)


def _province(ctx: Context, events: list[dict[str, Any]]) -> None:
    cfg = ctx.config
    when = at(dt.date(cfg.first_year, 1, 2))
    with ctx.step("province, award types, policy, Board officers") as n:
        province = bulk(
            Province,
            [Province(code=PROVINCE_CODE, name=PROVINCE_NAME, valid_from=None)],
            n,
        )[0]
        ctx.province = province
        ctx.award_types = bulk(
            AwardType,
            [
                AwardType(
                    province=province,
                    code=a.code,
                    name=a.name,
                    decided_by=a.decided_by,
                    is_flag=a.is_flag,
                    default_quota=a.default_quota,
                    order=a.order,
                )
                for a in data.AWARDS
            ],
            n,
        )
        template = bulk(Policy, [Policy(province=province)], n)[0]
        bulk(
            PolicyQuota,
            [
                PolicyQuota(policy=template, award_type=a, quota=a.default_quota)
                for a in ctx.award_types
            ],
            n,
        )
        hashed = make_password(PASSWORD)
        ctx.board = bulk(
            User,
            [
                _user(username, full, Role.BOARD_OFFICER, None, position, hashed, when)
                for username, full, position in BOARD
            ],
            n,
        )
        ctx.password_hash = hashed
        audit.append(
            events,
            actor=None,
            action="province.create",
            obj=province,
            when=when,
            after={"code": province.code, "name": province.name, "note": audit.SYNTHETIC_MARK},
        )
        for award in ctx.award_types:
            audit.append(
                events,
                actor=ctx.actor,
                action="award_type.create",
                obj=award,
                when=when,
                after={"code": award.code, "name": award.name, "quota": award.default_quota},
            )
        for person in ctx.board:
            audit.append(
                events,
                actor=None,
                action="person.create",
                obj=person,
                when=when,
                after={"username": person.username, "role": person.role},
            )


def _user(
    username: str,
    full_name: str,
    role: str,
    org: Organisation | None,
    position: str,
    hashed: str,
    when: dt.datetime,
    active: bool = True,
) -> User:
    email = f"{username}@{EMAIL_DOMAIN}"
    user = User(
        username=username,
        full_name=full_name,
        role=role,
        organisation=org,
        position=position,
        email=email,
        password=hashed,
        is_active=active,
        date_joined=when,
    )
    user.search_exact, user.search_folded = search_keys(
        full_name, username, email, position, org.name if org else ""
    )
    return user


def _organisations(ctx: Context, events: list[dict[str, Any]]) -> None:
    cfg = ctx.config
    province = ctx.province
    assert province is not None
    rng = ctx.rng("orgs")
    when = at(dt.date(cfg.first_year, 1, 3))
    m_year = merger_year(ctx)
    merger_blocks = [b for b in range(cfg.blocks) if b % MERGER_EVERY == 1] if m_year else []
    base = cfg.blocks * cfg.units_per_block
    # One newcomer per merger takes the seat the absorbed association leaves.
    generated = names.organisation_names(base + len(merger_blocks), rng)
    taken = {(g.subject, g.scope) for g in generated}
    for b in merger_blocks:  # the absorbed association works in the same field
        first = b * cfg.units_per_block + 2
        generated[first + 1] = names.same_field(generated[first], taken, rng)
    with ctx.step("blocks, organisations, name versions, successions, memberships") as n:
        ctx.blocks = bulk(
            Block,
            [
                _block(province, f"Khối thi đua {i}", _block_description(i))
                for i in range(1, cfg.blocks + 1)
            ],
            n,
        )
        merger_date = dt.date(m_year, 1, 1) if m_year else None
        orgs = bulk(
            Organisation,
            [
                Organisation(province=province, name=g.name, short_name=g.short_name)
                for g in generated
            ],
            n,
        )
        positions = {org.pk: generated[i].leader_position for i, org in enumerate(orgs)}
        ctx.leader_positions = positions
        ctx.org_index = {org.pk: i + 1 for i, org in enumerate(orgs)}
        ctx.organisations = orgs
        # Rosters: slot s of block b holds organisation b × units + s, except after a merger.
        years = cfg.year_list
        rosters: dict[int, list[Slot]] = {}
        for b, block in enumerate(ctx.blocks):
            slots = []
            for s in range(cfg.units_per_block):
                org = orgs[b * cfg.units_per_block + s]
                slots.append(Slot(by_year={y: org for y in years}))
            rosters[block.pk] = slots
        ctx.rosters = rosters
        name_rows: dict[int, list[list[Any]]] = {
            org.pk: [[org.valid_from, None, org.name, org.short_name, ""]] for org in orgs
        }
        successions: list[tuple[Succession, list[Organisation], list[Organisation]]] = []
        # Mergers: a member absorbs another member of the same field (as merge_organisations
        # with `into` records it); a newcomer takes the absorbed one's seat, so the block keeps
        # its size.
        for k, b in enumerate(merger_blocks):
            assert m_year is not None and merger_date is not None
            slots = rosters[ctx.blocks[b].pk]
            into, absorbed = slots[2].by_year[m_year], slots[3].by_year[m_year]
            newcomer = orgs[base + k]
            decision = f"Quyết định số {100 + k}/QĐ-UBND ngày 15/12/{m_year - 1} của UBND tỉnh"
            absorbed.valid_to = merger_date - dt.timedelta(days=1)
            name_rows[absorbed.pk][-1][1] = absorbed.valid_to
            for y in years:
                if y >= m_year:
                    slots[3].by_year[y] = newcomer
            successions.append(
                (
                    Succession(
                        kind=SuccessionKind.MERGE,
                        date=merger_date,
                        decision_ref=decision,
                        note=f"{audit.SYNTHETIC_MARK}: hợp nhất hai hội cùng lĩnh vực.",
                    ),
                    [absorbed, into],
                    [into],
                )
            )
            audit.append(
                events,
                actor=ctx.actor,
                action="organisation.merge",
                obj=into,
                when=at(merger_date),
                before={"predecessors": [absorbed.name]},
                after={
                    "successor": into.name,
                    "date": merger_date.isoformat(),
                    "decision": decision,
                },
            )
        # Renames: a representative board becomes an association, and the like.
        current = [org for org in orgs[:base] if org.valid_to is None]
        for org in sorted(rng.sample(current, max(1, int(len(current) * RENAME_SHARE))), key=_pk):
            year = rng.randint(cfg.first_year + 1, cfg.last_year)
            day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            decision = f"Quyết định số {rng.randint(10, 999)}/QĐ-UBND ngày {day:%d/%m/%Y}"
            new_name = names.renamed(org.name)
            new_short = names.short_of(new_name)
            name_rows[org.pk][-1][1] = day - dt.timedelta(days=1)
            name_rows[org.pk].append([day, None, new_name, new_short, decision])
            before = {"name": org.name, "short_name": org.short_name}
            org.name, org.short_name = new_name, new_short
            successions.append(
                (
                    Succession(kind=SuccessionKind.RENAME, date=day, decision_ref=decision),
                    [org],
                    [org],
                )
            )
            audit.append(
                events,
                actor=ctx.actor,
                action="organisation.rename",
                obj=org,
                when=at(day),
                before=before,
                after={"name": new_name, "short_name": new_short, "date": day.isoformat()},
            )
        name_objs = [
            OrgName(
                organisation_id=pk,
                valid_from=row[0],
                valid_to=row[1],
                name=row[2],
                short_name=row[3],
                decision_ref=row[4],
            )
            for pk, rows in name_rows.items()
            for row in rows
        ]
        bulk(OrgName, name_objs, n)
        ctx.org_names = {
            pk: [(row[0], row[1], str(row[2])) for row in rows] for pk, rows in name_rows.items()
        }
        for org in orgs:
            org.search_exact, org.search_folded = search_keys(
                org.name, org.short_name, *[str(r[2]) for r in name_rows[org.pk]]
            )
        Organisation.objects.bulk_update(
            orgs, ["name", "short_name", "valid_to", "search_exact", "search_folded"], 1000
        )
        saved = bulk(Succession, [s for s, _p, _s in successions], n)
        earlier: list[tuple[int, int]] = []
        later: list[tuple[int, int]] = []
        for s, (_x, pre, suc) in zip(saved, successions, strict=True):
            earlier += [(s.pk, o.pk) for o in pre]
            later += [(s.pk, o.pk) for o in suc]
        for relation, pairs in ((Succession.predecessors, earlier), (Succession.successors, later)):
            through(relation, pairs, n, "succession", "organisation")
        bulk(
            Membership,
            [
                Membership(block=block, organisation=slot.by_year[y], year=y, order=s + 1)
                for block in ctx.blocks
                for s, slot in enumerate(rosters[block.pk])
                for y in years
            ],
            n,
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="block.create",
            object_type="orgs.block",
            object_label=f"{len(ctx.blocks)} khối thi đua",
            when=when,
            after={"count": len(ctx.blocks), "note": audit.SYNTHETIC_MARK},
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="organisation.create",
            object_type="orgs.organisation",
            object_label=f"{len(orgs)} tổ chức",
            when=when,
            after={"count": len(orgs), "province": province.name, "note": audit.SYNTHETIC_MARK},
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="membership.add",
            object_type="orgs.membership",
            object_label=f"{len(ctx.blocks)} khối × {len(years)} năm",
            when=when,
            after={"blocks": len(ctx.blocks), "years": years, "per_block": cfg.units_per_block},
        )


def _pk(org: Organisation) -> int:
    return int(org.pk)


def _block(province: Province, name: str, description: str) -> Block:
    block = Block(province=province, name=name, description=description)
    block.search_exact, block.search_folded = search_keys(name, province.name)
    return block


def _block_description(i: int) -> str:
    return (
        f"{audit.SYNTHETIC_MARK}: khối thi đua số {i} gồm các hội, tổ chức xã hội – nghề nghiệp "
        "của tỉnh và các huyện, thành phố."
    )


def _people(ctx: Context, events: list[dict[str, Any]]) -> None:
    cfg = ctx.config
    rng = ctx.rng("people")
    when = at(dt.date(cfg.first_year, 1, 4))
    hashed = ctx.password_hash
    orgs = ctx.organisations
    positions = ctx.leader_positions
    with ctx.step("people (representative and leader of every unit) and their TOTP devices") as n:
        users = []
        for index, org in enumerate(orgs, start=1):
            active = org.valid_to is None
            users.append(
                _user(
                    representative_username(index),
                    names.person(rng),
                    Role.REPRESENTATIVE,
                    org,
                    rng.choice(names.REP_POSITIONS),
                    hashed,
                    when,
                    active,
                )
            )
            users.append(
                _user(
                    leader_username(index),
                    names.person(rng),
                    Role.LEADER,
                    org,
                    positions[org.pk],
                    hashed,
                    when,
                    active,
                )
            )
        users = bulk(User, users, n)
        for org, (rep, leader) in zip(orgs, zip(users[::2], users[1::2], strict=True), strict=True):
            ctx.people[org.pk] = People(representative=rep, leader=leader)
        bulk(
            TOTPDevice,
            [
                TOTPDevice(user=u, name="TOTP", key=TOTP_KEY, confirmed=True, created_at=when, t0=0)
                for u in [*ctx.board, *users]
            ],
            n,
        )
        audit.append(
            events,
            actor=ctx.actor,
            action="person.create",
            object_type="accounts.user",
            object_label=f"{len(users)} người dùng",
            when=when,
            after={"count": len(users), "note": audit.SYNTHETIC_MARK},
        )
