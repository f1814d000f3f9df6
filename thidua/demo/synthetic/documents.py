"""The three documents of each cycle (regulation, plan, covenant) in 2–3 versions of about twelve
articles, the comment windows with members' comments and the head's answers, and the signatures
on the covenant's final version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thidua.cycles.models import Cycle, Phase
from thidua.demo.synthetic import audit, texts
from thidua.demo.synthetic.base import Context, at, bulk
from thidua.demo.synthetic.cycles import phase_date, reached
from thidua.drafting.hashing import version_hash
from thidua.drafting.models import (
    AnswerStatus,
    Comment,
    CommentWindow,
    Document,
    DocumentKind,
    DocumentVersion,
)
from thidua.signing.models import Signature, SignatureMethod

KINDS = [DocumentKind.REGULATION, DocumentKind.PLAN, DocumentKind.COVENANT]
VERSION_DAYS = [(1, 12), (2, 5), (2, 20)]  # month, day of versions 1, 2, 3
LAUNCH = (3, 25)


def launch_day(year: int) -> dt.date:
    return dt.date(year, *LAUNCH)


def build(ctx: Context) -> None:
    events: list[dict[str, Any]] = []
    with ctx.step("documents, versions, comment windows, comments") as n:
        documents = bulk(
            Document,
            [
                Document(
                    cycle=cycle,
                    kind=kind,
                    title=_fill(texts.TITLES[kind], cycle),
                    created_at=at(phase_date(cycle.year, Phase.DRAFTING)),
                )
                for cycle in ctx.cycles
                for kind in KINDS
            ],
            n,
        )
        versions: list[DocumentVersion] = []
        for doc in documents:
            versions.extend(_versions(ctx, doc))
        versions = bulk(DocumentVersion, versions, n)
        by_doc: dict[int, list[DocumentVersion]] = {}
        for v in versions:
            by_doc.setdefault(v.document_id, []).append(v)
        windows: list[tuple[CommentWindow, DocumentVersion, DocumentVersion | None]] = []
        for doc in documents:
            chain = by_doc[doc.pk]
            cycle = doc.cycle
            head_rep = ctx.people[cycle.head_unit_id].representative
            still_drafting = cycle.phase == Phase.DRAFTING
            for i, version in enumerate(chain):
                following = chain[i + 1] if i + 1 < len(chain) else None
                if following is None and not still_drafting:
                    continue
                opened = version.created_at + dt.timedelta(days=1)
                deadline = opened + dt.timedelta(days=14)
                window = CommentWindow(
                    version=version,
                    opened_by=head_rep,
                    opened_at=opened,
                    deadline=deadline,
                    closed_at=None if following is None else deadline,
                )
                windows.append((window, version, following))
        saved = bulk(CommentWindow, [w for w, _v, _f in windows], n)
        comments = []
        for window, (_w, version, following) in zip(saved, windows, strict=True):
            comments.extend(_comments(ctx, window, version, following))
        bulk(Comment, comments, n)
        ctx.final_versions = {(doc.cycle_id, doc.kind): by_doc[doc.pk][-1] for doc in documents}
        audit.append(
            events,
            actor=ctx.actor,
            action="drafting.bulk_create",
            object_type="drafting.document",
            object_label=f"{len(documents)} văn bản, {len(versions)} phiên bản",
            when=at(dt.date(ctx.config.last_year, 3, 1)),
            after={
                "documents": len(documents),
                "versions": len(versions),
                "comment_windows": len(saved),
                "comments": len(comments),
                "note": audit.SYNTHETIC_MARK,
            },
        )
        audit.flush(events)
    with ctx.step("signatures on the covenants") as n:
        signatures = []
        for cycle in ctx.cycles:
            if not reached(cycle, Phase.SIGNING):
                continue
            version = ctx.final_versions[(cycle.pk, DocumentKind.COVENANT)]
            members = ctx.members(cycle)
            if cycle.phase == Phase.SIGNING:
                members = members[: len(members) // 2]  # signing under way
            day = launch_day(cycle.year)
            for i, unit in enumerate(members):
                leader = ctx.people[unit.pk].leader
                signatures.append(
                    Signature(
                        version=version,
                        unit=unit,
                        unit_name=ctx.name_on(unit.pk, day),
                        signer_name=leader.full_name,
                        signer_position=leader.position,
                        signer=leader,
                        method=SignatureMethod.ONLINE,
                        signed_at=at(day, 9, i * 3 % 60),
                        ip_address="127.0.0.1",
                        version_sha256=version.sha256,
                        recorded_by=leader,
                    )
                )
        bulk(Signature, signatures, n)
        audit.append(
            events,
            actor=ctx.actor,
            action="signing.bulk_sign",
            object_type="signing.signature",
            object_label=f"{len(signatures)} chữ ký",
            when=at(launch_day(ctx.config.last_year), 12),
            after={"signatures": len(signatures), "note": audit.SYNTHETIC_MARK},
        )
        audit.flush(events)


def _fill(template: str, cycle: Cycle) -> str:
    return template.format(block=cycle.block.name, year=cycle.year)


def _versions(ctx: Context, doc: Document) -> list[DocumentVersion]:
    cycle = doc.cycle
    rng = ctx.rng("doc", cycle.block.name, cycle.year, doc.kind)
    pool = texts.ARTICLES[doc.kind]
    count = rng.randint(10, min(14, len(pool)))
    articles = [
        {
            "key": f"a{i}",
            "number": f"Điều {i}",
            "heading": heading,
            "body": f"<p>{_fill(body, cycle)}</p>",
        }
        for i, (heading, body) in enumerate(pool[:count], start=1)
    ]
    n_versions = 1 if cycle.phase == Phase.DRAFTING else rng.choice([2, 3])
    author = ctx.people[cycle.head_unit_id].representative
    preamble = (
        f"<p>Căn cứ Luật Thi đua, khen thưởng năm 2022; căn cứ hướng dẫn của Ban Thi đua – Khen "
        f"thưởng tỉnh về công tác thi đua năm {cycle.year}.</p>"
    )
    out = []
    for number in range(1, n_versions + 1):
        if number > 1:
            articles = [dict(a) for a in articles]
            for a in rng.sample(articles, rng.randint(1, 3)):
                a["body"] = a["body"][:-4] + " " + rng.choice(texts.AMENDMENTS) + "</p>"
        month, day = VERSION_DAYS[number - 1]
        final = number == n_versions
        frozen = (
            at(dt.date(cycle.year, 3, 15))
            if final and doc.kind == DocumentKind.COVENANT and reached(cycle, Phase.SIGNING)
            else None
        )
        out.append(
            DocumentVersion(
                document=doc,
                number=number,
                title=doc.title,
                preamble=preamble,
                content=articles,
                sha256=version_hash(title=doc.title, preamble=preamble, content=articles),
                note="" if number == 1 else "Tiếp thu ý kiến góp ý của các thành viên.",
                created_by=author,
                created_at=at(dt.date(cycle.year, month, day), 9),
                frozen_at=frozen,
            )
        )
    return out


def _comments(
    ctx: Context,
    window: CommentWindow,
    version: DocumentVersion,
    following: DocumentVersion | None,
) -> list[Comment]:
    cycle = version.document.cycle
    doc = version.document
    rng = ctx.rng("comments", cycle.block.name, cycle.year, doc.kind, version.number)
    members = [m for m in ctx.members(cycle) if m.pk != cycle.head_unit_id]
    head_rep = ctx.people[cycle.head_unit_id].representative
    statuses = [AnswerStatus.ACCEPTED, AnswerStatus.ACCEPTED, AnswerStatus.PARTLY]
    statuses.append(AnswerStatus.NOT_ACCEPTED)
    out = []
    for k in range(rng.randint(2, 6)):
        unit = rng.choice(members)
        answered = following is not None
        status = rng.choice(statuses) if answered else ""
        out.append(
            Comment(
                window=window,
                article_key=rng.choice(version.content)["key"] if rng.random() < 0.85 else "",
                unit=unit,
                author=ctx.people[unit.pk].representative,
                text=rng.choice(texts.COMMENTS),
                created_at=window.opened_at + dt.timedelta(days=1 + k, hours=k),
                answer_status=status,
                answer_reason=texts.ANSWERS[status] if status else "",
                answered_by=head_rep if answered else None,
                answered_at=window.deadline + dt.timedelta(days=2) if answered else None,
                resolved_in=following,
            )
        )
    return out
