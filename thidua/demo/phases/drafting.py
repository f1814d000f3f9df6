"""The demo's drafting (Dữ liệu minh hoạ): the 2024 cycle's three drafts with members' comments,
the head's answers and a second version; the 2025 cycle mid-drafting with an open window."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from thidua.accounts.models import Role, User
from thidua.demo.phases.drafting_texts import COMMENTS_2024, COMMENTS_2025, MARK, TEXTS
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


def _draft(context: Any, head: User, *, start: str) -> dict[str, Document]:
    cycle = context.cycle
    documents = {}
    for kind in KINDS:
        preamble, articles = TEXTS[kind](cycle.block.name, cycle.year)
        document = services.create_document(
            actor=head,
            cycle=cycle,
            kind=kind,
            start=start,
            preamble=preamble if start == "empty" else "",
            articles=articles if start == "empty" else (),
            note=f"Dự thảo lần 1 ({MARK})" if start == "empty" else "",
        )
        documents[kind] = document
    return documents


def _open(head: User, document: Document, days: int) -> Any:
    return services.open_comment_window(
        actor=head,
        version=_latest(document),
        deadline=timezone.now() + dt.timedelta(days=days),
    )


def drafting_2024(context: Any) -> None:
    head = _head_person(context)
    documents = _draft(context, head, start="empty")
    windows = {kind: _open(head, documents[kind], 7) for kind in KINDS}
    for code, kind, key, text, status, reason in COMMENTS_2024:
        author = _person(context, code, Role.LEADER if code == "nhabao" else Role.REPRESENTATIVE)
        comment = services.add_comment(
            actor=author, window=windows[kind], article_key=key, text=text
        )
        services.answer_comment(actor=head, comment=comment, status=status, reason=reason)
    for kind in KINDS:
        services.close_comment_window(actor=head, window=windows[kind])
        latest = _latest(documents[kind])
        articles = [dict(a) for a in latest.content]
        for article in articles:
            extra = AMENDMENTS_2024.get((kind, article["key"]))
            if extra:
                article["body"] += extra
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
    documents = _draft(context, head, start="previous")
    windows = {kind: _open(head, documents[kind], 10) for kind in KINDS}
    for code, kind, key, text in COMMENTS_2025:
        services.add_comment(
            actor=_person(context, code), window=windows[kind], article_key=key, text=text
        )


def drafting(context: Any) -> None:
    if context.cycle.year == 2025:
        drafting_2025(context)
    else:
        drafting_2024(context)


PHASE_HOOKS = {"drafting": drafting}
