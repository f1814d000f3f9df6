"""The fixed cast of test users and small builders, shared by every app's tests (outside any
app, as healthchecks keeps hc/test.py: the floor never imports the apps it is built from)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts import services as people
from thidua.accounts.models import Role, User
from thidua.cycles import services as cycles
from thidua.cycles.models import AwardType, Cycle
from thidua.orgs import services as orgs
from thidua.orgs.models import Block, Organisation, Province

PASSWORD = "correct-horse-battery"
YEAR = 2025


def make_province(code: str = "binh-thuan", name: str = "Bình Thuận") -> Province:
    province = orgs.create_province(actor=None, code=code, name=name)
    AwardType.objects.create(
        province=province,
        code="co-thi-dua",
        is_flag=True,
        name="Cờ thi đua của UBND tỉnh",
        default_quota=1,
        order=1,
    )
    AwardType.objects.create(
        province=province,
        code="bang-khen",
        name="Bằng khen của Chủ tịch UBND tỉnh",
        default_quota=3,
        order=2,
    )
    return province


def make_org(province: Province, name: str, short_name: str = "") -> Organisation:
    return orgs.create_organisation(actor=None, province=province, name=name, short_name=short_name)


def make_block(
    province: Province, name: str, members: list[Organisation], year: int = YEAR
) -> Block:
    block = orgs.create_block(actor=None, province=province, name=name)
    for org in members:
        orgs.add_membership(actor=None, block=block, organisation=org, year=year)
    return block


def make_person(
    username: str, role: str, organisation: Organisation | None = None, full_name: str = ""
) -> User:
    return people.create_person(
        actor=None,
        username=username,
        full_name=full_name or username.replace("_", " ").title(),
        role=role,
        email=f"{username}@example.org",
        organisation=organisation,
        password=PASSWORD,
        position="Chủ tịch" if role == Role.LEADER else "Chuyên viên",
    )


@dataclass
class Cast:
    province: Province
    block: Block
    other_block: Block
    cycle: Cycle
    head_org: Organisation
    deputy_org: Organisation
    member_org: Organisation
    outsider_org: Organisation
    board: User
    head_rep: User
    member_rep: User
    member_leader: User
    outsider: User

    def users(self) -> dict[str, User]:
        return {
            "board": self.board,
            "head_rep": self.head_rep,
            "member_rep": self.member_rep,
            "member_leader": self.member_leader,
            "outsider": self.outsider,
        }


def make_cast() -> Cast:
    province = make_province()
    head_org = make_org(province, "Ban Đại diện Hội Người cao tuổi tỉnh", "Hội NCT")
    deputy_org = make_org(province, "Hội Nhà báo tỉnh", "Hội Nhà báo")
    member_org = make_org(province, "Hội Người mù tỉnh", "Hội Người mù")
    fourth = make_org(province, "Hội Luật gia tỉnh", "Hội Luật gia")
    outsider_org = make_org(province, "Tỉnh đoàn", "Tỉnh đoàn")
    block = make_block(province, "Khối thi đua 8", [head_org, deputy_org, member_org, fourth])
    other_block = make_block(province, "Khối thi đua 7", [outsider_org])
    cycle = cycles.create_cycle(
        actor=None, block=block, year=YEAR, head_unit=head_org, deputy_unit=deputy_org
    )
    return Cast(
        province=province,
        block=block,
        other_block=other_block,
        cycle=cycle,
        head_org=head_org,
        deputy_org=deputy_org,
        member_org=member_org,
        outsider_org=outsider_org,
        board=make_person("board_officer", Role.BOARD_OFFICER),
        head_rep=make_person("head_rep", Role.REPRESENTATIVE, head_org),
        member_rep=make_person("member_rep", Role.REPRESENTATIVE, member_org),
        member_leader=make_person("member_leader", Role.LEADER, member_org),
        outsider=make_person("outsider", Role.REPRESENTATIVE, outsider_org),
    )


def signin(client: Client, user: User, *, verified: bool = True) -> Client:
    """Sign a test client in; with `verified`, as if the person had also entered a TOTP code."""
    client.force_login(user)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def days_ago(n: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=n)


def as_role(client: Client, cast: Cast, role: str) -> Any:
    """Sign in as one of the cast's roles; 'anonymous' leaves the client signed out."""
    if role == "anonymous":
        client.logout()
        return client
    return signin(client, cast.users()[role])
