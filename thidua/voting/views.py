"""Pages of the evaluation meeting's ballots: access → form → service → render/redirect.

Voting takes two steps: the ballot, then a confirmation page that shows the choices and the
receipt code the ballot will carry, and casts it. The code is made for that page and comes back
with the vote in a hidden field; it is never stored nor kept in the session, so it exists only on
the voter's screen — and it is there before the ballot is cast, so a voter whose answer is lost
still holds it (the bulletin board then confirms that the ballot is in the box).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts import reauth
from thidua.accounts.http import AuthenticatedRequest
from thidua.core.downloads import download
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error
from thidua.core.http import HtmxHttpRequest
from thidua.core.page_cache import cached_for_person, in_block
from thidua.orgs.models import Organisation
from thidua.reports import issuing
from thidua.voting import access, ballot_box, documents, selectors, services
from thidua.voting.forms import BallotForm, PaperForm, PrepareForm, ReceiptForm
from thidua.voting.models import BallotSession, SessionKind, SessionStatus


def _posted(request: HtmxHttpRequest) -> QueryDict | None:
    """The POST data, even when empty (an empty ballot must show its errors)."""
    return request.POST if request.method == "POST" else None


@login_required
def cycle_ballots(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    meeting = selectors.year_end_meeting(cycle)
    context = {
        "cycle": cycle,
        "meeting": meeting,
        "quorum": selectors.quorum(meeting) if meeting else None,
        "ranking": selectors.published_ranking(cycle),
        "summaries": selectors.cycle_summaries(cycle),
        "can_manage": access.can_manage(request.user, cycle),
        "head": selectors.elected(cycle, SessionKind.HEAD),
        "deputy": selectors.elected(cycle, SessionKind.DEPUTY),
    }
    return render(request, "voting/cycle_ballots.html", context)


@login_required
def prepare(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="manage")
    targets = selectors.prepare_targets(cycle)
    posted = request.POST.get("target") if request.method == "POST" else None
    if request.method == "POST" and posted not in {target.key for target in targets}:
        messages.error(
            request,
            _(
                "This ballot cannot be prepared any more: it was prepared meanwhile, or the "
                "ranking changed. Check the ballots below and try again."
            ),
        )
    forms = []
    for target in targets:
        data = request.POST if posted == target.key else None
        form = PrepareForm(
            data, prefix=target.key, choices=target.choices, initial={"nominees": target.initial}
        )
        if data is not None and form.is_valid():
            ids = form.nominee_ids()
            orgs = Organisation.objects.in_bulk(ids)
            try:
                services.prepare_session(
                    actor=request.user,
                    cycle=cycle,
                    kind=target.kind,
                    award_type=target.award_type,
                    nominees=[orgs[pk] for pk in ids],
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                messages.success(
                    request, _("The ballot “%(t)s” is prepared.") % {"t": target.title}
                )
                return redirect("voting:cycle", cycle.pk)
        forms.append((target, form))
    return render(request, "voting/prepare.html", {"cycle": cycle, "forms": forms})


@login_required
@require_POST
def prepare_all(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="manage")
    try:
        made = services.prepare_all(actor=request.user, cycle=cycle)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("%(n)s ballot(s) prepared.") % {"n": len(made)})
    return redirect("voting:cycle", cycle.pk)


@login_required
@cached_for_person(shows=in_block(BallotSession, "cycle__block_id"))
def session_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    summary = selectors.summary(session, voted=selectors.voted_units(session))
    unit = access.voting_unit(request.user, session.cycle)
    can_manage = access.can_manage(request.user, session.cycle)
    context = {
        "cycle": session.cycle,
        "session": session,
        "s": summary,
        "can_manage": can_manage,
        "can_vote": unit is not None and session.status == SessionStatus.OPEN,
        "can_runoff": can_manage and bool(summary.tied) and not session.runoffs.exists(),
        "runoffs": list(session.runoffs.all()),
        "quorum": None if summary.closed or summary.void else selectors.quorum(session.meeting),
        "turnout": selectors.turnout(session),
        "can_hold_again": can_manage and selectors.can_hold_again(session, summary),
        "repeats": list(session.repeats.all()),
    }
    return render(request, "voting/session_detail.html", context)


def _session_action(
    request: AuthenticatedRequest,
    pk: int,
    action: Callable[..., BallotSession],
    done: str,
) -> HttpResponse:
    session = access.get_session(request.user, pk, need="manage")
    try:
        result = action(actor=request.user, session=session)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("voting:session", session.pk)
    messages.success(request, done)
    return redirect("voting:session", result.pk)


@login_required
@require_POST
def session_open(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.open_session, _("The ballot is open."))


@login_required
@require_http_methods(["GET", "POST"])
def session_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The close dialog: turnout, the quorum of ballots and what closing will do (count and
    publish, or declare void); the POST closes."""
    session = access.get_session(request.user, pk, need="manage")
    if request.method == "POST":
        try:
            closed = services.close_session(actor=request.user, session=session)
        except DomainError as err:
            messages.error(request, err.message)
            return redirect("voting:session", session.pk)
        if closed.status == SessionStatus.VOID:
            # The page itself says why it is void; the message says what happened and what next.
            messages.warning(
                request,
                _("The ballot is closed and void: nothing was counted. You can hold it again."),
            )
        else:
            messages.success(request, _("The ballot is closed and counted."))
        return redirect("voting:session", closed.pk)
    turnout = selectors.turnout(session)
    context = {
        "cycle": session.cycle,
        "session": session,
        "s": selectors.summary(session),
        "turnout": turnout,
        "waiting": selectors.units_not_voted(session)
        if session.status == SessionStatus.OPEN
        else [],
    }
    return render(request, "voting/close_confirm.html", context)


@login_required
@require_POST
def session_hold_again(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _session_action(
        request,
        pk,
        services.hold_again,
        _(
            "The ballot is prepared again with the same candidates: open it when the units "
            "are ready."
        ),
    )


@login_required
@require_POST
def session_runoff(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _session_action(request, pk, services.prepare_runoff, _("The run-off is prepared."))


@login_required
def ballot(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session, unit = access.get_session_to_vote(request.user, pk)
    summary = selectors.summary(session)
    form = BallotForm(_posted(request), summary=summary)
    if request.method == "POST":
        if not reauth.is_recently_authenticated(request):
            return reauth.redirect_to_reauth(request)
        step = request.POST.get("step", "review")
        if step == "cast" and request.POST.get("receipt"):
            answer = _cast(request, session, unit, summary, form)
        elif step != "edit" and form.is_valid():
            answer = _review(request, session, unit, summary, form)
        else:
            answer = None
        if answer is not None:
            return answer
    context = {
        "cycle": session.cycle,
        "session": session,
        "s": summary,
        "unit": unit,
        "form": form,
        "present": selectors.may_vote(session, unit.pk),
        "voted": selectors.has_voted(session, unit.pk),
        "recently_authenticated": reauth.is_recently_authenticated(request),
        "reauth_url": reauth.reauth_url(request),
    }
    return render(request, "voting/ballot.html", context)


def _review(
    request: AuthenticatedRequest,
    session: BallotSession,
    unit: Organisation,
    summary: selectors.SessionSummary,
    form: BallotForm,
) -> HttpResponse | None:
    """The confirmation step: the choices, and the receipt code to note before casting."""
    if (
        session.status != SessionStatus.OPEN
        or not selectors.may_vote(session, unit.pk)
        or selectors.has_voted(session, unit.pk)
    ):
        return None  # the ballot page says why the unit cannot vote
    try:
        ballot_box.check_choices(session, form.choices())
    except DomainError as err:
        add_domain_error(form, err)
        return None
    code = ballot_box.new_receipt_code()
    context = {
        "cycle": session.cycle,
        "session": session,
        "s": summary,
        "form": form,
        "receipt": ballot_box.group_receipt(code),
    }
    return _private(render(request, "voting/ballot_confirm.html", context))


def _cast(
    request: AuthenticatedRequest,
    session: BallotSession,
    unit: Organisation,
    summary: selectors.SessionSummary,
    form: BallotForm,
) -> HttpResponse | None:
    receipt = request.POST.get("receipt", "")
    if not form.is_valid():
        return None
    again = False
    try:
        code = ballot_box.cast_ballot(
            actor=request.user,
            session=session,
            unit=unit,
            choices=form.choices(),
            reauthenticated=True,
            receipt=receipt,
            candidate_ids=[row.candidate.pk for row in summary.rows],
        )
    except DomainError as err:
        # The same vote sent again after its answer was lost: the ballot is in the box.
        if not (
            selectors.has_voted(session, unit.pk) and ballot_box.receipt_in_box(session, receipt)
        ):
            add_domain_error(form, err)
            return None
        code, again = ballot_box.parse_receipt(receipt), True
    context = {"cycle": session.cycle, "session": session, "s": summary, "again": again}
    context["receipt"] = ballot_box.group_receipt(code)
    return _private(render(request, "voting/receipt.html", context))


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # a receipt must not outlive the page
    return response


@login_required
def bulletin(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk)
    closed = session.status == SessionStatus.CLOSED
    void = session.status == SessionStatus.VOID
    form = ReceiptForm(_posted(request))
    found, in_box = None, False
    rows = selectors.bulletin(session) if closed else []
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if closed:
            wanted = ballot_box.receipt_hash(code)
            found = next((r for r in rows if r.receipt_hash == wanted), None)
        else:
            # While the ballot is open, a voter learns only that their ballot is in the box.
            in_box = ballot_box.receipt_in_box(session, code)
        if found is None and not in_box:
            form.add_error("code", _("No ballot of this session has this receipt code."))
    context = {
        "cycle": session.cycle,
        "session": session,
        "s": selectors.summary(session),
        "rows": rows,
        "closed": closed,
        "form": form,
        "found": found,
        "in_box": in_box,
        "void": void,
        "turnout": selectors.turnout(session) if void else None,
    }
    return render(request, "voting/bulletin.html", context)


@login_required
def paper(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = access.get_session(request.user, pk, need="manage")
    summary = selectors.summary(session)
    form = PaperForm(_posted(request), summary=summary)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_paper_count(actor=request.user, session=session, count=form.count())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The paper count is recorded."))
            return redirect("voting:session", session.pk)
    context = {"cycle": session.cycle, "session": session, "s": summary, "form": form}
    return render(request, "voting/paper.html", context)


@login_required
@require_POST
def elect(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="manage")
    try:
        following = services.apply_election(actor=request.user, cycle=cycle)
    except DomainError as err:
        messages.error(request, err.message)
        return redirect("voting:cycle", cycle.pk)
    messages.success(
        request,
        _("The %(year)s cycle has its elected head and deputy.") % {"year": following.year},
    )
    return redirect("cycles:cycle_detail", following.pk)


@login_required
def minutes_docx(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    try:
        content = documents.minutes_docx(cycle)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"bien-ban-binh-xet-{cycle.year}.docx")


@login_required
def minutes_pdf(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    try:
        content = documents.minutes_pdf(cycle)
    except issuing.UndatedDocument as error:
        return issuing.undated_response(request, error)
    return download(content, f"bien-ban-binh-xet-{cycle.year}.pdf")
