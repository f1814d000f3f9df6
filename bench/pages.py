"""The key pages of the benchmark, picked from the data in the database, and a signed-in session
for each role (made directly in the session store, as a person who signed in with their password
and TOTP code would have).

Runs inside Django (``bench/run.py`` sets it up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

ROLES = ("anonymous", "board", "head", "member")


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    path: str | None  # None: the product has no such page (yet), with the reason in `missing`
    missing: str = ""


@dataclass(frozen=True)
class Scene:
    """The objects the pages are about."""

    board: Any
    head: Any
    member: Any
    block: Any
    current: Any  # the block's cycle in progress
    closed: Any  # the block's latest closed cycle with a published ranking
    member_unit: Any


def scene() -> Scene:
    from thidua.accounts.models import Role, User
    from thidua.cycles.models import Cycle, Phase
    from thidua.scoring.models import PublishedRanking

    published = PublishedRanking.objects.select_related("cycle__block").order_by("-cycle__year")
    closed = published.filter(cycle__phase=Phase.CLOSED).first() or published.first()
    if closed is None:
        raise SystemExit("No published ranking in this database: run seed_synthetic first.")
    block = closed.cycle.block
    current = (
        Cycle.objects.filter(block=block).exclude(phase=Phase.CLOSED).order_by("-year").first()
        or closed.cycle
    )
    board = User.objects.filter(role=Role.BOARD_OFFICER, is_active=True).order_by("pk").first()
    head = (
        User.objects.filter(organisation=current.head_unit, is_active=True)
        .order_by("role", "pk")
        .first()
    )
    member = (
        User.objects.filter(
            organisation__memberships__block=block,
            organisation__memberships__year=current.year,
            role=Role.REPRESENTATIVE,
            is_active=True,
        )
        .exclude(organisation__in=[current.head_unit_id, current.deputy_unit_id])
        .order_by("pk")
        .first()
    )
    if board is None or head is None or member is None:
        raise SystemExit("The database lacks a Board officer, a head or a member to sign in as.")
    return Scene(board, head, member, block, current, closed.cycle, member.organisation)


def session_cookie(user: Any) -> str:
    """A session cookie for `user`, signed in and past the second factor."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["otp_device_id"] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _url(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def _first(*candidates: tuple[str, Callable[[], dict[str, Any] | None]]) -> tuple[str | None, str]:
    """The first URL name that exists and has an object to show; else (None, why)."""
    tried = []
    for name, kwargs in candidates:
        tried.append(name)
        try:
            arguments = kwargs()
        except Exception as exc:  # a model of another app may not be there yet
            tried[-1] = f"{name} ({exc.__class__.__name__})"
            continue
        if arguments is None:
            tried[-1] = f"{name} (no object)"
            continue
        url = _url(name, **arguments)
        if url:
            return url, ""
    return None, "not in the product: " + ", ".join(tried)


def key_pages(s: Scene) -> list[Page]:
    from thidua.drafting.models import Document

    def document() -> dict[str, Any] | None:
        doc = (
            Document.objects.filter(cycle__block=s.block)
            .annotate(n=Count("versions__comment_windows__comments"))
            .order_by("-n", "-pk")
            .first()
        )
        return {"pk": doc.pk} if doc else None

    def ballot() -> dict[str, Any] | None:
        from thidua.voting.models import BallotSession

        session = BallotSession.objects.filter(cycle=s.closed).order_by("pk").first()
        return {"pk": session.pk} if session else None

    def article() -> dict[str, Any] | None:
        from thidua.news.models import Post

        post = Post.objects.filter(Q(status="published")).order_by("-pk").first()
        return {"slug": post.slug} if post else None

    specs: list[tuple[str, str, tuple[tuple[str, Callable[[], dict[str, Any] | None]], ...]]] = [
        ("sign-in page", "anonymous", (("accounts:login", dict),)),
        ("dashboard (Board)", "board", (("board:home", dict), ("core:home", dict))),
        ("dashboard (head unit)", "head", (("board:home", dict), ("core:home", dict))),
        ("dashboard (member)", "member", (("board:home", dict), ("core:home", dict))),
        ("block page", "board", (("orgs:block_detail", lambda: {"pk": s.block.pk}),)),
        ("cycle page", "head", (("cycles:cycle_detail", lambda: {"pk": s.current.pk}),)),
        ("document with comments", "member", (("drafting:document_detail", document),)),
        (
            "score sheet",
            "board",
            (
                (
                    "scoring:self_sheet",
                    lambda: {"pk": s.closed.pk, "unit_pk": s.member_unit.pk},
                ),
            ),
        ),
        ("ranking", "member", (("scoring:ranking", lambda: {"pk": s.closed.pk}),)),
        ("analysis", "head", (("scoring:analysis", lambda: {"pk": s.closed.pk}),)),
        ("ballot page", "member", (("voting:session", ballot),)),
        ("Board's queue", "board", (("awards:queue", dict),)),
        (
            "award history",
            "board",
            (("awards:history", lambda: {"pk": s.member_unit.pk}),),
        ),
        ("public portal home", "anonymous", (("board:home", dict), ("core:home", dict))),
        ("public news list", "anonymous", (("news:post_list", dict),)),
        ("public article", "anonymous", (("news:article", article),)),
        (
            "public results",
            "anonymous",
            (("news:block_detail", lambda: {"pk": s.block.pk}),),
        ),
    ]
    pages = []
    for label, role, candidates in specs:
        path, why = _first(*candidates)
        pages.append(Page(label, role, path, why))
    return pages
