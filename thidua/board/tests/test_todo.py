"""The to-do list on the dashboard: each kind of item appears with the state that calls for it
and is gone once the person does the task through the service; the order puts an open ballot
first; the page's queries do not grow with the number of cycles and items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from thidua.accounts.models import Role
from thidua.awards import services as awards
from thidua.awards.tests.helpers import flag_proposal, submitted_proposal
from thidua.core.todo import TodoItem, todo_for
from thidua.cycles import services as cycle_services
from thidua.cycles.models import Cycle, Phase
from thidua.drafting import services as drafting
from thidua.drafting.models import Comment, CommentWindow, DocumentKind
from thidua.meetings import services as meetings
from thidua.scoring import services as scoring
from thidua.scoring.tests.builders import build_table, full_entries
from thidua.signing import services as signing
from thidua.testing import make_block, make_org, make_person, signin
from thidua.voting import ballot_box
from thidua.voting.tests.builders import open_flag_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _phase(cycle: Cycle, phase: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(phase=phase)
    cycle.refresh_from_db()
    return cycle


def _todo(user) -> list[TodoItem]:
    return todo_for(user, timezone.now())


def _kinds(user) -> list[str]:
    return [item.kind for item in _todo(user)]


def _only(user, kind: str) -> TodoItem:
    found = [item for item in _todo(user) if item.kind == kind]
    assert len(found) == 1, found
    return found[0]


def _document(cast, kind=DocumentKind.REGULATION, title="Quy chế hoạt động năm 2025"):
    return drafting.create_document(
        actor=cast.head_rep,
        cycle=cast.cycle,
        kind=kind,
        title=title,
        articles=[{"number": "Điều 1", "heading": "Phạm vi", "body": "<p>Nội dung.</p>"}],
    )


def _window(cast, *, days: int = 5, kind=DocumentKind.REGULATION) -> CommentWindow:
    _phase(cast.cycle, Phase.DRAFTING)
    document = _document(cast, kind)
    version = document.versions.get()
    return drafting.open_comment_window(
        actor=cast.head_rep,
        version=version,
        deadline=timezone.now() + dt.timedelta(days=days),
    )


def test_a_member_comments_on_an_open_draft_and_the_item_is_gone(cast):
    window = _window(cast)
    item = _only(cast.member_rep, "drafting.comment")
    assert item.url == reverse("drafting:window_detail", args=[window.pk])
    assert item.deadline == window.deadline and not item.overdue
    assert item.cycle_label == "Khối thi đua 8 — 2025"
    assert "Quy chế" in item.text
    # The other person of the same unit sees the unit's task; an outsider does not.
    assert "drafting.comment" in _kinds(cast.member_leader)
    assert "drafting.comment" not in _kinds(cast.outsider)
    assert "drafting.comment" not in _kinds(cast.head_rep)  # the head drafts, it answers
    drafting.add_comment(actor=cast.member_rep, window=window, text="Đề nghị bổ sung Điều 2.")
    assert "drafting.comment" not in _kinds(cast.member_rep)
    assert "drafting.comment" not in _kinds(cast.member_leader)


def test_the_head_answers_the_comments_and_the_item_is_gone(cast):
    window = _window(cast)
    comment = drafting.add_comment(actor=cast.member_rep, window=window, text="Góp ý một.")
    drafting.add_comment(actor=cast.member_leader, window=window, text="Góp ý hai.")
    item = _only(cast.head_rep, "drafting.answer")
    assert item.text.startswith("Answer 2 comments") and item.deadline is None
    assert "drafting.answer" not in _kinds(cast.member_rep)
    drafting.answer_comment(actor=cast.head_rep, comment=comment, status="accepted")
    assert _only(cast.head_rep, "drafting.answer").text.startswith("Answer 1 comment ")
    other = Comment.objects.exclude(pk=comment.pk).get()
    drafting.answer_comment(actor=cast.head_rep, comment=other, status="not_accepted", reason="…")
    assert "drafting.answer" not in _kinds(cast.head_rep)


def test_the_board_follows_up_a_window_past_its_deadline_until_it_is_closed(cast):
    window = _window(cast, days=2)
    later = timezone.now() + dt.timedelta(days=3)
    assert "drafting.overdue" not in [i.kind for i in todo_for(cast.board, timezone.now())]
    items = [i for i in todo_for(cast.board, later) if i.kind == "drafting.overdue"]
    assert len(items) == 1 and items[0].overdue
    assert items[0].url == reverse("cycles:cycle_detail", args=[cast.cycle.pk])
    # Too late to comment: the member's item is gone with the deadline.
    assert "drafting.comment" not in [i.kind for i in todo_for(cast.member_rep, later)]
    drafting.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason="Hết hạn góp ý."
    )
    assert "drafting.overdue" not in [i.kind for i in todo_for(cast.board, later)]


def test_a_leader_signs_the_frozen_covenant_and_the_item_is_gone(cast):
    _phase(cast.cycle, Phase.DRAFTING)
    _document(cast, DocumentKind.COVENANT, "Giao ước thi đua năm 2025")
    _phase(cast.cycle, Phase.SIGNING)
    assert "signing.sign" not in _kinds(cast.member_leader)
    version = signing.freeze_for_signing(actor=cast.head_rep, cycle=cast.cycle)
    item = _only(cast.member_leader, "signing.sign")
    assert item.url == reverse("signing:board", args=[cast.cycle.pk])
    # Representatives do not sign.
    assert "signing.sign" not in _kinds(cast.member_rep)
    signing.sign_online(actor=cast.member_leader, cycle=cast.cycle, version=version)
    assert "signing.sign" not in _kinds(cast.member_leader)


def test_a_member_registers_and_the_item_is_gone(cast):
    _phase(cast.cycle, Phase.IN_PROGRESS)
    item = _only(cast.member_rep, "meetings.register")
    assert item.url == reverse("meetings:registration_edit", args=[cast.cycle.pk])
    meetings.register(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        awards=[],
        commitments=["Phát triển 100 hội viên mới."],
    )
    assert "meetings.register" not in _kinds(cast.member_rep)
    assert "meetings.register" in _kinds(cast.head_rep)


def test_a_member_submits_its_self_assessment_and_the_item_is_gone(cast):
    nodes = build_table(cast)
    _phase(cast.cycle, Phase.SELF_ASSESSMENT)
    item = _only(cast.member_rep, "scoring.self")
    assert item.url == reverse("scoring:self_sheet", args=[cast.cycle.pk, cast.member_org.pk])
    sheet = scoring.save_self_assessment(
        actor=cast.member_rep,
        cycle=cast.cycle,
        unit=cast.member_org,
        version=None,
        entries=full_entries(nodes),
    )
    assert "scoring.self" in _kinds(cast.member_rep)  # saved, not submitted yet
    scoring.submit_self_assessment(
        actor=cast.member_rep, cycle=cast.cycle, unit=cast.member_org, version=sheet.version
    )
    assert "scoring.self" not in _kinds(cast.member_rep)


def test_a_scorer_cross_scores_every_other_unit_and_the_item_is_gone(cast):
    nodes = build_table(cast)
    _phase(cast.cycle, Phase.CROSS_SCORING)
    others = [cast.head_org, cast.deputy_org, make_org_in_block(cast)]
    assert _only(cast.member_rep, "scoring.cross").text.startswith("Cross-score 3 units")
    for n, unit in enumerate(others):
        sheet = scoring.save_cross_scores(
            actor=cast.member_rep,
            cycle=cast.cycle,
            unit=unit,
            version=None,
            entries=full_entries(nodes),
        )
        scoring.submit_cross_scores(
            actor=cast.member_rep, cycle=cast.cycle, unit=unit, version=sheet.version
        )
        if n == 0:
            item = _only(cast.member_rep, "scoring.cross")
            assert item.text.startswith("Cross-score 2 units")
            assert item.url == reverse("scoring:overview", args=[cast.cycle.pk])
        if n == 1:
            item = _only(cast.member_rep, "scoring.cross")
            assert item.text.startswith("Cross-score 1 unit ")
            assert item.url == reverse("scoring:cross_sheet", args=[cast.cycle.pk, others[2].pk])
    assert "scoring.cross" not in _kinds(cast.member_rep)


@pytest.mark.parametrize("mode", ["assigned", "head"])
def test_cross_scoring_follows_the_policy_of_who_scores_whom(cast, mode):
    from thidua.cycles.models import Policy
    from thidua.scoring.models import ScorerAssignment

    build_table(cast)
    Policy.objects.filter(pk=cast.cycle.policy_id).update(scorer_mode=mode, scorers_per_unit=2)
    _phase(cast.cycle, Phase.CROSS_SCORING)
    if mode == "assigned":
        scoring.assign_scorers(actor=cast.head_rep, cycle=cast.cycle)
        mine = ScorerAssignment.objects.filter(cycle=cast.cycle, scorer=cast.member_org).count()
        assert mine == 2
        assert _only(cast.member_rep, "scoring.cross").text.startswith("Cross-score 2 units")
    else:
        # The head unit scores the three others; the deputy scores the head; members nobody.
        assert _only(cast.head_rep, "scoring.cross").text.startswith("Cross-score 3 units")
        assert "scoring.cross" not in _kinds(cast.member_rep)


def make_org_in_block(cast):
    return (
        cast.block.memberships.filter(year=cast.cycle.year)
        .exclude(organisation__in=[cast.head_org, cast.deputy_org, cast.member_org])
        .get()
        .organisation
    )


def test_a_delegate_votes_in_the_open_session_first_and_the_item_is_gone(cast):
    session = open_flag_session(cast)
    # Something else to do too, so that "first" means something.
    flag_proposal(cast, written=False)
    items = _todo(cast.member_rep)
    assert items[0].kind == "voting.vote" and len(items) > 1
    assert items[0].url == reverse("voting:ballot", args=[session.pk])
    ballot_box.cast_ballot(
        actor=cast.member_rep,
        session=session,
        unit=cast.member_org,
        choices={c.pk: "agree" for c in session.candidates.all()},
        reauthenticated=True,
    )
    assert "voting.vote" not in _kinds(cast.member_rep)
    assert "voting.vote" not in _kinds(cast.member_leader)  # the unit has voted


def test_the_head_follows_the_turnout_and_closes_the_session_and_the_item_is_gone(cast):
    from thidua.voting import services as voting
    from thidua.voting.tests.builders import unit_voters

    session = open_flag_session(cast)
    item = _only(cast.head_rep, "voting.close")
    assert item.url == reverse("voting:session", args=[session.pk])
    assert item.detail == "0 of 4 units present have voted."
    assert "voting.close" not in _kinds(cast.member_rep)
    for voter in unit_voters(cast).values():
        ballot_box.cast_ballot(
            actor=voter,
            session=session,
            unit=voter.organisation,
            choices={c.pk: "agree" for c in session.candidates.all()},
            reauthenticated=True,
        )
    assert _only(cast.head_rep, "voting.close").detail == "4 of 4 units present have voted."
    voting.close_session(actor=cast.head_rep, session=session)
    assert "voting.close" not in _kinds(cast.head_rep)


def test_a_unit_absent_from_the_meeting_has_no_ballot_to_cast(cast):
    from thidua.voting.tests.builders import evaluation

    present = [cast.head_org.pk, cast.deputy_org.pk, make_org_in_block(cast).pk]
    evaluation(cast, present=present)
    open_flag_session(cast)
    assert "voting.vote" not in _kinds(cast.member_rep)
    assert "voting.vote" in _kinds(cast.head_rep)


def test_a_nominee_writes_its_achievement_report_and_the_item_is_gone(cast):
    proposal = flag_proposal(cast, written=False)
    nominee = proposal.nominees.get()
    item = _only(cast.member_rep, "awards.report")
    assert item.url == reverse("awards:report_edit", args=[nominee.pk])
    assert "awards.report" not in _kinds(cast.head_rep)
    awards.write_report(
        actor=cast.member_rep,
        nominee=nominee,
        sections={"achievements": "Hoàn thành vượt mức các chỉ tiêu."},
    )
    assert "awards.report" not in _kinds(cast.member_rep)


def test_the_head_fixes_a_returned_dossier_and_the_board_reviews_it(cast):
    proposal = submitted_proposal(cast)
    assert "awards.dossier" not in _kinds(cast.head_rep)
    review = _only(cast.board, "awards.review")
    assert review.url == reverse("awards:proposal_detail", args=[proposal.pk])
    proposal = awards.return_proposal(
        actor=cast.board, proposal=proposal, reason="Thiếu biên bản họp."
    )
    assert "awards.review" not in _kinds(cast.board)
    item = _only(cast.head_rep, "awards.dossier")
    assert "returned" in item.text and "Thiếu biên bản họp." in item.detail
    proposal = awards.submit_proposal(
        actor=cast.head_rep, proposal=proposal, acknowledge=True, reason="Đã bổ sung hồ sơ."
    )
    assert "awards.dossier" not in _kinds(cast.head_rep)
    _only(cast.board, "awards.review")
    awards.accept_proposal(actor=cast.board, proposal=proposal)
    assert "awards.review" not in _kinds(cast.board)


def _cycle_of_year(cast, year: int, phase: str) -> Cycle:
    """The member unit in a second block in another year, head and deputy new units."""
    units = [make_org(cast.province, f"Hội {year}-{i}") for i in range(2)]
    block = make_block(cast.province, f"Khối thử {year}", [cast.member_org, *units], year=year)
    cycle = cycle_services.create_cycle(
        actor=None, block=block, year=year, head_unit=units[0], deputy_unit=units[1]
    )
    return _phase(cycle, phase)


def test_tasks_across_cycles_are_listed_by_urgency_then_deadline(cast):
    # Last year's cycle of another block still registers; this year's drafts with two
    # windows: the earliest deadline comes first, no deadline last.
    _cycle_of_year(cast, 2024, Phase.IN_PROGRESS)
    late = _window(cast, days=9, kind=DocumentKind.PLAN)
    soon = _window(cast, days=2, kind=DocumentKind.REGULATION)
    items = _todo(cast.member_rep)
    assert [i.kind for i in items] == ["drafting.comment", "drafting.comment", "meetings.register"]
    assert [i.deadline for i in items[:2]] == [soon.deadline, late.deadline]
    assert items[2].cycle_label == "Khối thử 2024 — 2024" and items[2].deadline is None


def test_the_dashboard_lists_the_items_with_their_cycle_deadline_and_link(client, cast):
    window = _window(cast, days=3)
    signin(client, cast.member_rep)
    with translation.override("vi"):
        page = client.get(reverse("board:home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'aria-labelledby="todo-h"' in page
    assert f'href="{reverse("drafting:window_detail", args=[window.pk])}"' in page
    assert "Khối thi đua 8 — 2025" in page
    assert timezone.localtime(window.deadline).strftime("%H:%M %d/%m/%Y") in page


def test_an_overdue_item_says_so_in_words(client, cast, monkeypatch):
    _window(cast, days=2)
    later = timezone.now() + dt.timedelta(days=3)
    monkeypatch.setattr("thidua.board.selectors.timezone.now", lambda: later)
    signin(client, cast.board)
    page = client.get(reverse("board:home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "todo-overdue" in page
    assert '<span aria-hidden="true">⚠ </span>Quá hạn</strong>' in page


def test_nothing_to_do_says_so_and_what_comes_next(client, cast):
    signin(client, cast.member_rep)
    page = client.get(reverse("board:home"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Bạn không còn việc nào cần làm" in page


def test_a_person_without_a_unit_role_gets_no_unit_items(cast):
    _phase(cast.cycle, Phase.IN_PROGRESS)
    during_the_year = timezone.make_aware(dt.datetime(2025, 6, 1, 9))
    assert todo_for(cast.board, during_the_year) == []
    inactive = make_person("gone", Role.REPRESENTATIVE, cast.member_org)
    inactive.is_active = False
    inactive.save()
    assert _kinds(inactive) == []


def _busy_cycle(cast, n: int) -> None:
    """Another year's cycle with the member unit, in one of the phases with a task, and a
    comment window open."""
    year = 2030 + n
    phases = [Phase.DRAFTING, Phase.IN_PROGRESS, Phase.SELF_ASSESSMENT, Phase.CROSS_SCORING]
    cycle = _cycle_of_year(cast, year, Phase.DRAFTING)
    head = make_person(f"head_{n}", Role.REPRESENTATIVE, cycle.head_unit)
    document = drafting.create_document(
        actor=head,
        cycle=cycle,
        kind=DocumentKind.COVENANT,
        title=f"Giao ước {n}",
        articles=[{"number": "Điều 1", "heading": "Chung", "body": "<p>Một.</p>"}],
    )
    drafting.open_comment_window(
        actor=head,
        version=document.versions.get(),
        deadline=timezone.now() + dt.timedelta(days=n + 1),
    )
    _phase(cycle, phases[n % 4])


@pytest.mark.usefixtures("page_builds")
def test_the_dashboard_makes_the_same_number_of_queries_for_5_or_17_cycles(
    client, cast, django_assert_max_num_queries
):
    # One cycle in each phase with a task (every provider reads), then three times as many.
    _window(cast)
    for n in range(4):
        _busy_cycle(cast, n)
    signin(client, cast.member_rep)
    url = reverse("board:home")
    client.get(url)
    cache.clear()
    every = {"todo": "all"}  # the page shows the most urgent tasks first, all on request
    with django_assert_max_num_queries(25) as few:
        page = client.get(url, every).content.decode()
    before = page.count('class="list-group-item todo-item')
    for n in range(4, 16):
        _busy_cycle(cast, n)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, every).content.decode()
    assert page.count('class="list-group-item todo-item') >= before + 12


def test_a_long_queue_is_one_item_that_opens_it(cast, monkeypatch):
    monkeypatch.setattr("thidua.awards.todo.QUEUE_ITEMS", 0)
    submitted_proposal(cast)
    item = _only(cast.board, "awards.review")
    assert item.url == reverse("awards:queue")
    assert item.text == "Review the 1 dossier waiting"


def test_the_board_follows_up_a_cycle_whose_year_is_over_until_it_reaches_evaluation(cast):
    _phase(cast.cycle, Phase.RESULTS_PUBLISHED)
    during = timezone.make_aware(dt.datetime(2025, 11, 20, 9))
    after = timezone.make_aware(dt.datetime(2026, 1, 5, 9))
    assert "cycles.overdue" not in [i.kind for i in todo_for(cast.board, during)]
    item = next(i for i in todo_for(cast.board, after) if i.kind == "cycles.overdue")
    assert item.overdue and item.url == reverse("cycles:cycle_detail", args=[cast.cycle.pk])
    assert timezone.localtime(item.deadline).date() == dt.date(2025, 12, 31)
    assert "Results published" in item.detail
    assert "cycles.overdue" not in [i.kind for i in todo_for(cast.head_rep, after)]
    cycle_services.advance_phase(actor=cast.board, cycle=cast.cycle, to_phase=Phase.EVALUATION)
    assert "cycles.overdue" not in [i.kind for i in todo_for(cast.board, after)]


def test_the_head_moves_its_cycle_on_when_nothing_stands_in_the_way(cast):
    window = _window(cast, days=2)
    item = _only(cast.head_rep, "cycles.next_phase")
    assert item.url == reverse("cycles:cycle_detail", args=[cast.cycle.pk]) + "#next-h"
    assert item.text.startswith(f"Move {cast.block.name} — {cast.cycle.year} on from")
    assert item.detail.startswith("1 thing to finish first")
    assert "cycles.next_phase" not in _kinds(cast.member_rep)  # only the head moves it on
    drafting.close_comment_window(
        actor=cast.head_rep, window=window, acknowledge=True, reason="Đã góp ý tại cuộc họp."
    )
    assert not _only(cast.head_rep, "cycles.next_phase").detail.startswith("1 thing")
    _phase(cast.cycle, Phase.CLOSED)
    assert "cycles.next_phase" not in _kinds(cast.head_rep)
