"""The demo's drafting: the 2024 cycle's three drafts with members' comments, the head's
answers and a second version (26/02–07/03/2024); the 2025 cycle's drafts, comments and answers
(18–27/03/2025). The texts and comments are invented (drafting_texts.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from thidua.accounts.models import Role, User
from thidua.demo.clock import local
from thidua.demo.phases.drafting_texts import COMMENTS_2024, COMMENTS_2025, TEXTS
from thidua.drafting import services
from thidua.drafting.models import Document, DocumentVersion

KINDS = ("regulation", "plan", "covenant")

# What the head changed in version 2 after accepting (fully or partly) the 2024 comments.
AMENDMENTS_2024 = {
    ("regulation", "a3"): "<p>Nhiệm kỳ của trưởng khối, phó khối là một năm.</p>",
    ("regulation", "a4"): "<p>Các hội thành viên gửi tin, bài về hoạt động của khối để đăng "
    "trên trang thông tin của khối và báo địa phương.</p>",
    ("regulation", "a5"): "<p>Bảng điểm và phiếu bầu được cung cấp ở dạng đọc được bằng phần "
    "mềm đọc màn hình.</p>",
    ("covenant", "a4"): "<p>Số lượng mô hình cụ thể do từng hội ghi trong bản đăng ký thi đua.</p>",
}


def _head_person(context: Any) -> User:
    person = (
        User.objects.filter(
            organisation=context.cycle.head_unit, role=Role.REPRESENTATIVE, is_active=True
        )
        .order_by("pk")
        .first()
    )
    if person is None:
        raise RuntimeError("The demo's head unit needs a representative.")
    return person


def _person(context: Any, code: str, role: str = Role.REPRESENTATIVE) -> User:
    unit = context.units[code]
    person = (
        User.objects.filter(organisation=unit, role=role, is_active=True).order_by("pk").first()
    )
    if person is None:
        raise RuntimeError(f"The demo unit {code} needs a {role}.")
    return person


def _latest(document: Document) -> DocumentVersion:
    version = services.latest_version(document)
    if version is None:
        raise RuntimeError("Every demo document has a version.")
    return version


def _draft(context: Any, head: User) -> dict[str, Document]:
    cycle = context.cycle
    documents = {}
    for kind in KINDS:
        preamble, articles = TEXTS[kind](cycle.block.name, cycle.year)
        documents[kind] = services.create_document(
            actor=head,
            cycle=cycle,
            kind=kind,
            start="empty",
            preamble=preamble,
            articles=articles,
            note="Dự thảo lần 1",
        )
        context.clock.later(minutes=20)
    return documents


def _open(head: User, document: Document, days: int) -> Any:
    now = timezone.now()
    return services.open_comment_window(
        actor=head, version=_latest(document), deadline=now + dt.timedelta(days=days)
    )


def _comment_and_answer(
    context: Any,
    head: User,
    windows: dict[str, Any],
    comments: list[tuple[str, str, str, str, str, str]],
    *,
    first: dt.datetime,
    answers: dt.datetime,
) -> None:
    """Members comment one after the other from `first` (a few hours apart); the head answers
    every comment from `answers` on, once the members have had their say."""
    written = []
    for i, (code, kind, key, text, _status, _reason) in enumerate(comments):
        context.clock.at(first + dt.timedelta(hours=7 * i))
        author = _person(context, code, Role.LEADER if code == "nhabao" else Role.REPRESENTATIVE)
        written.append(
            services.add_comment(actor=author, window=windows[kind], article_key=key, text=text)
        )
    context.clock.at(answers)
    for comment, (*_, status, reason) in zip(written, comments, strict=True):
        context.clock.later(minutes=12)
        services.answer_comment(actor=head, comment=comment, status=status, reason=reason)


def drafting_2024(context: Any) -> None:
    head = _head_person(context)
    context.clock.at(local(2024, 2, 26, 9, 0))
    documents = _draft(context, head)
    context.clock.at(local(2024, 2, 27, 8, 0))
    windows = {kind: _open(head, documents[kind], 7) for kind in KINDS}
    _comment_and_answer(
        context,
        head,
        windows,
        COMMENTS_2024,
        first=local(2024, 2, 28, 8, 30),
        answers=local(2024, 3, 5, 14, 0),
    )
    context.clock.at(local(2024, 3, 6, 8, 0))
    for kind in KINDS:
        services.close_comment_window(actor=head, window=windows[kind])
    context.clock.at(local(2024, 3, 7, 10, 0))
    _second_version(context, head, documents)


def _second_version(context: Any, head: User, documents: dict[str, Document]) -> None:
    """The head takes the accepted comments into version 2 of each text."""
    for kind in KINDS:
        latest = _latest(documents[kind])
        articles = [dict(a) for a in latest.content]
        for article in articles:
            extra = AMENDMENTS_2024.get((kind, article["key"]))
            if extra:
                article["body"] += extra
        context.clock.later(minutes=15)
        services.save_version(
            actor=head,
            document=documents[kind],
            title=latest.title,
            preamble=latest.preamble,
            articles=articles,
            note="Dự thảo lần 2, tiếp thu ý kiến các hội thành viên",
        )


def drafting_2025(context: Any) -> None:
    head = _head_person(context)
    context.clock.at(local(2025, 3, 18, 9, 0))
    documents = _draft(context, head)
    context.clock.at(local(2025, 3, 19, 8, 0))
    windows = {kind: _open(head, documents[kind], 7) for kind in KINDS}
    _comment_and_answer(
        context,
        head,
        windows,
        COMMENTS_2025,
        first=local(2025, 3, 20, 9, 0),
        answers=local(2025, 3, 26, 14, 0),
    )
    context.clock.at(local(2025, 3, 27, 8, 0))
    for kind in KINDS:
        services.close_comment_window(actor=head, window=windows[kind])
    # The lessons of 2024 (the rotation's term, news, readable ballots) stay in the 2025 texts.
    context.clock.at(local(2025, 3, 28, 10, 0))
    _second_version(context, head, documents)


def drafting(context: Any) -> None:
    if context.cycle.year == 2025:
        drafting_2025(context)
    else:
        drafting_2024(context)


PHASE_HOOKS = {"drafting": drafting}
