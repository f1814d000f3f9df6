"""`seed_synthetic` builds a small province that the product reads like any other data."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse

from thidua.accounts.models import Role, User
from thidua.awards.models import Award, Decision, Proposal
from thidua.core.audit import verify_chain
from thidua.cycles.models import Cycle, Phase
from thidua.demo.synthetic import news as synthetic_news
from thidua.demo.synthetic import orgs as synthetic_orgs
from thidua.drafting.models import Comment, Document, DocumentVersion
from thidua.news.models import Comment as ReaderComment
from thidua.news.models import CommentStatus, Photo, Post, PostStatus
from thidua.orgs.models import Block, Membership, Organisation, Succession, SuccessionKind
from thidua.orgs.services import create_organisation, create_province
from thidua.scoring import ranking_services, selectors
from thidua.scoring.models import CriteriaNode, PublishedRanking, ScoreLine, ScoreSheet
from thidua.signing.models import Signature
from thidua.testing import signin
from thidua.voting.models import Ballot, BallotSession, VoterRecord

TINY = ["--blocks", "2", "--units-per-block", "4", "--years", "2"]


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_synthetic", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """The news step writes its drawn photos to the media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tiny(db):
    return seed(*TINY)


def _rows(rows: Iterable[Iterable[object]]) -> list[str]:
    return sorted(json.dumps(list(r), default=str, ensure_ascii=False) for r in rows)


def checksum() -> str:
    """Names, texts and scores, without database ids (which differ between runs on
    PostgreSQL, where sequences are not rolled back)."""
    parts = [
        _rows(Organisation.objects.values_list("name", "short_name", "valid_to")),
        _rows(User.objects.values_list("username", "full_name", "position")),
        _rows(DocumentVersion.objects.values_list("title", "number", "sha256")),
        _rows(Comment.objects.values_list("unit__name", "article_key", "text", "answer_status")),
        _rows(
            ScoreLine.objects.values_list(
                "sheet__cycle__block__name",
                "sheet__cycle__year",
                "sheet__unit__name",
                "sheet__scorer__name",
                "node__code",
                "value",
            )
        ),
        _rows(
            (r.cycle.block.name, r.cycle.year, e["name"], e["rank"], e["self"], e["final"])
            for r in PublishedRanking.objects.select_related("cycle__block")
            for e in r.entries
        ),
        _rows(Post.objects.values_list("slug", "title", "status", "published_at", "block__name")),
        _rows(Photo.objects.values_list("post__slug", "order", "caption", "image")),
        _rows(ReaderComment.objects.values_list("post__slug", "name", "text", "status")),
        _rows(Post.related.through.objects.values_list("from_post__slug", "to_post__slug")),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


class Rollback(Exception):
    pass


def checksum_of_a_run(*args: str) -> str:
    """Seed, take the checksum, and undo the run (so the next run starts from the same DB)."""
    result = ""
    try:
        with transaction.atomic():
            seed(*args)
            result = checksum()
            raise Rollback
    except Rollback:
        pass
    return result


def test_a_tiny_province_has_the_expected_counts(tiny):
    assert Block.objects.count() == 2
    assert Organisation.objects.count() == 8
    assert User.objects.filter(role=Role.BOARD_OFFICER).count() == 2
    assert User.objects.filter(organisation__isnull=False).count() == 16
    assert Membership.objects.count() == 2 * 4 * 2
    assert Cycle.objects.count() == 4
    assert Cycle.objects.filter(year=2024, phase=Phase.CLOSED).count() == 2
    assert set(Cycle.objects.filter(year=2025).values_list("phase", flat=True)) == {
        Phase.DRAFTING,
        Phase.SIGNING,
    }
    assert Document.objects.count() == 4 * 3
    assert CriteriaNode.objects.count() == 4 * 66
    assert CriteriaNode.objects.exclude(kind="group").count() == 4 * 60
    # Closed cycles: 4 self-assessments and 4 × 3 cross-scores each, 60 lines per sheet.
    assert ScoreSheet.objects.count() == 2 * (4 + 12)
    assert ScoreLine.objects.count() == 2 * (4 + 12) * 60
    assert PublishedRanking.objects.count() == 2
    # Every unit signed the closed cycles' covenants; half have signed in the signing phase.
    assert Signature.objects.count() == 2 * 4 + 2
    assert BallotSession.objects.count() == 2 * 2
    assert Ballot.objects.count() == VoterRecord.objects.count() > 0
    assert Proposal.objects.count() == Decision.objects.count() > 0
    assert Award.objects.count() > 0
    # Five posts per block and year, two of the Board a year, and three drafts (two blocks' and
    # the Board's) that are never published.
    assert Post.objects.filter(status=PostStatus.PUBLISHED).count() == 2 * 2 * 5 + 2 * 2
    assert Post.objects.filter(status=PostStatus.DRAFT, published_at__isnull=True).count() == 3
    assert Post.objects.filter(block__isnull=True, status=PostStatus.PUBLISHED).count() == 4
    for post in Post.objects.prefetch_related("photos"):
        assert 1 <= len(post.photos.all()) <= 2
        assert post.slug and post.search_folded and synthetic_news.MARK in post.body
    assert Post.related.through.objects.exists()
    assert not Post.related.through.objects.exclude(to_post__status=PostStatus.PUBLISHED)
    statuses = set(ReaderComment.objects.values_list("status", flat=True))
    assert {CommentStatus.APPROVED, CommentStatus.PENDING} <= statuses


def test_the_audit_chain_of_the_synthetic_province_verifies(tiny):
    checked, problem = verify_chain()
    assert problem is None
    assert checked > 10
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue().lower() or str(checked) in out.getvalue()


def test_published_rankings_are_what_publishing_through_the_service_stores(tiny):
    for published in PublishedRanking.objects.select_related("cycle__policy"):
        live = ranking_services.snapshot(selectors.cycle_scores(published.cycle))
        assert published.entries == live


def test_the_same_seed_gives_the_same_province_and_another_seed_another(db):
    first = checksum_of_a_run(*TINY)
    assert first == checksum_of_a_run(*TINY)
    assert first != checksum_of_a_run(*TINY[:-2], "--years", "2", "--seed", "2")


def test_mergers_and_renames_keep_every_block_at_its_size(db):
    seed("--blocks", "2", "--units-per-block", "4", "--years", "4")
    merger = Succession.objects.get(kind=SuccessionKind.MERGE)
    into = merger.successors.get()
    absorbed = merger.predecessors.exclude(pk=into.pk).get()
    assert into.valid_to is None
    assert absorbed.valid_to is not None
    assert not Membership.objects.filter(organisation=absorbed, year__gte=merger.date.year)
    assert Succession.objects.filter(kind=SuccessionKind.RENAME).exists()
    for block in Block.objects.all():
        for year in range(2022, 2026):
            assert Membership.objects.filter(block=block, year=year).count() == 4
    for published in PublishedRanking.objects.select_related("cycle__policy"):
        assert published.entries == ranking_services.snapshot(
            selectors.cycle_scores(published.cycle)
        )


def test_a_board_officer_sees_the_cycle_the_ranking_and_an_organisation(client, tiny):
    board = User.objects.get(username=synthetic_orgs.BOARD[0][0])
    signin(client, board)
    closed = Cycle.objects.filter(phase=Phase.CLOSED).first()
    current = Cycle.objects.filter(year=2025).first()
    assert closed is not None and current is not None
    unit = closed.head_unit
    pages = [
        reverse("cycles:cycle_detail", args=[closed.pk]),
        reverse("cycles:cycle_detail", args=[current.pk]),
        reverse("scoring:ranking", args=[closed.pk]),
        reverse("scoring:analysis", args=[closed.pk]),
        reverse("orgs:organisation_detail", args=[unit.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    ranking = client.get(reverse("scoring:ranking", args=[closed.pk])).content.decode()
    first = PublishedRanking.objects.get(cycle=closed).entries[0]
    assert first["name"] in ranking


def test_a_database_with_organisations_is_refused_unless_forced(db):
    province = create_province(actor=None, code="khac", name="Tỉnh khác")
    create_organisation(actor=None, province=province, name="Hội Khuyến học tỉnh")
    with pytest.raises(CommandError) as refused:
        seed(*TINY)
    assert refused.value.returncode == 3
    assert Cycle.objects.count() == 0
    seed(*TINY, "--force")
    assert Organisation.objects.count() == 1 + 8
    with pytest.raises(CommandError):
        seed(*TINY, "--force")


def test_the_command_prints_the_sign_ins_and_the_password(tiny):
    assert synthetic_orgs.BOARD[0][0] in tiny
    assert synthetic_orgs.PASSWORD in tiny
    assert "rows/s" in tiny


def test_the_seeded_news_reads_on_the_public_portal(client, tiny):
    post = Post.objects.filter(status=PostStatus.PUBLISHED, block__isnull=False).first()
    assert post is not None
    news_list = client.get(reverse("news:post_list"))
    assert news_list.status_code == 200
    latest = Post.objects.filter(status=PostStatus.PUBLISHED).order_by("-published_at").first()
    assert latest is not None and latest.title in news_list.content.decode()
    article = client.get(reverse("news:article", args=[post.slug]))
    assert article.status_code == 200
    page = article.content.decode()
    assert post.title in page
    photo = post.photos.first()
    assert photo is not None and photo.caption in page
    image = client.get(reverse("news:photo", args=[photo.pk]))
    assert image.status_code == 200
    assert image["Content-Type"] == photo.content_type
    approved = ReaderComment.objects.filter(status=CommentStatus.APPROVED).first()
    pending = ReaderComment.objects.filter(status=CommentStatus.PENDING).first()
    assert approved is not None and pending is not None
    assert (
        approved.text
        in client.get(reverse("news:article", args=[approved.post.slug])).content.decode()
    )
    assert (
        pending.name
        not in client.get(reverse("news:article", args=[pending.post.slug])).content.decode()
    )


def test_the_seeded_drafts_never_reach_the_portal(client, tiny):
    drafts = list(Post.objects.filter(status=PostStatus.DRAFT))
    assert drafts
    pages = [
        client.get(reverse("news:portal")).content.decode(),
        client.get(reverse("news:search"), {"q": "Bản nháp"}).content.decode(),
    ]
    pages += [
        client.get(reverse("news:post_list"), {"page": n}).content.decode() for n in (1, 2, 3)
    ]
    for draft in drafts:
        assert client.get(reverse("news:article", args=[draft.slug])).status_code == 404
        photo = draft.photos.first()
        assert photo is not None
        assert client.get(reverse("news:photo", args=[photo.pk])).status_code == 404
        for page in pages:
            assert draft.title not in page
