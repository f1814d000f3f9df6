"""Pages for the cycle's meetings and registrations: access → form → service → redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.downloads import download
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.cycles.models import AwardType, Cycle
from thidua.meetings import access, selectors, services
from thidua.meetings.forms import (
    AttendanceForm,
    MeetingForm,
    RegistrationForm,
    SpeakerForm,
    lines,
)
from thidua.meetings.models import Meeting, Registration
from thidua.reports import docx, sealing, xlsx
from thidua.reports import services as reports


@login_required
def meeting_list(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    meetings = Meeting.objects.filter(cycle=cycle).prefetch_related("attendance")
    context = {
        "cycle": cycle,
        "meetings": meetings,
        "can_write": access.can_write(request.user, cycle),
    }
    return render(request, "meetings/meeting_list.html", context)


def _form_context(
    cycle: Cycle, form: MeetingForm, meeting: Meeting | None = None
) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "form": form,
        "meeting": meeting,
        "people": selectors.people_choices(cycle),
        "units": selectors.members(cycle),
    }


@login_required
def meeting_create(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="write")
    documents = selectors.adoptable_documents(cycle)
    form = MeetingForm(posted(request), documents=documents)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=request.user,
                cycle=cycle,
                values=form.values(),
                documents=form.cleaned_data["documents"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect("meetings:meeting_attendance", meeting.pk)
    return render(request, "meetings/meeting_form.html", _form_context(cycle, form))


@login_required
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk, need="write")
    documents = selectors.adoptable_documents(meeting.cycle)
    form = MeetingForm(
        posted(request), documents=documents, initial=MeetingForm.initial_for(meeting)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                actor=request.user,
                meeting=meeting,
                values=form.values(),
                documents=form.cleaned_data["documents"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("meetings:meeting_detail", meeting.pk)
    return render(
        request, "meetings/meeting_form.html", _form_context(meeting.cycle, form, meeting)
    )


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk)
    rows = selectors.attendance(meeting)
    can_write = access.can_write(request.user, meeting.cycle)
    context = {
        "cycle": meeting.cycle,
        "meeting": meeting,
        "rows": rows,
        "quorum": selectors.quorum(meeting, rows),
        "speakers": meeting.speakers.all(),
        "documents": selectors.adopted_documents(meeting),
        "can_write": can_write,
        "speaker_form": SpeakerForm() if can_write else None,
    }
    if can_write:
        context.update(
            people=selectors.people_choices(meeting.cycle), units=[r.organisation for r in rows]
        )
    return render(request, "meetings/meeting_detail.html", context)


@login_required
def meeting_attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk, need="write")
    rows = selectors.attendance(meeting)
    form = AttendanceForm(posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(actor=request.user, meeting=meeting, rows=form.rows())
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, selectors.quorum(meeting).text)
            return redirect("meetings:meeting_detail", meeting.pk)
    context = {
        "cycle": meeting.cycle,
        "meeting": meeting,
        "form": form,
        "quorum": selectors.quorum(meeting, rows),
    }
    return render(request, "meetings/meeting_attendance.html", context)


@login_required
@require_POST
def speaker_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk, need="write")
    form = SpeakerForm(request.POST)
    if form.is_valid():
        try:
            services.add_speaker(actor=request.user, meeting=meeting, **form.cleaned_data)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("The speaker was added."))
    else:
        messages.error(request, _("Give the speaker's name and what they said."))
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
@require_POST
def speaker_remove(request: AuthenticatedRequest, pk: int, speaker_pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk, need="write")
    try:
        services.remove_speaker(actor=request.user, meeting=meeting, speaker_id=speaker_pk)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The speaker was removed."))
    return redirect("meetings:meeting_detail", meeting.pk)


@login_required
def minutes_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk)
    name = f"bien-ban-{meeting.date:%Y-%m-%d}.docx"
    return download(docx.render(selectors.minutes(meeting)), name)


@login_required
def minutes_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting(request.user, pk)
    name = f"bien-ban-{meeting.date:%Y-%m-%d}.pdf"
    content = reports.issue_pdf(
        selectors.minutes(meeting),
        seal=sealing.block_key(meeting.cycle.block),
        reference=f"minutes:{meeting.pk}",
        actor=request.user,
        block=meeting.cycle.block_id,
    )
    return download(content, name)


# --- registration ---------------------------------------------------------------------------


@login_required
def registration_list(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    rows = selectors.registration_table(cycle)
    context = {
        "cycle": cycle,
        "rows": rows,
        "missing": [r.organisation for r in rows if r.missing],
        "is_open": services.registration_open(cycle),
        "is_closed": services.registration_is_closed(cycle),
        "can_write": access.can_write(request.user, cycle),
        "own_unit": access.registering_unit(request.user, cycle),
    }
    return render(request, "meetings/registration_list.html", context)


@login_required
def registration_xlsx(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    rows = selectors.registration_table(cycle)
    data = xlsx.single_table(
        _("Registrations"),
        [
            _("No."),
            _("Unit"),
            _("Titles aimed at"),
            _("Commitments"),
            _("Registered by"),
            _("Updated"),
        ],
        selectors.registration_xlsx_rows(rows),
        heading=_("Emulation registrations %(year)s — %(block)s")
        % {"year": cycle.year, "block": cycle.block.name},
        widths=(6, 45, 40, 60, 25, 18),
    )
    return download(data, f"dang-ky-thi-dua-{cycle.year}.xlsx")


@login_required
def registration_edit(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle, unit = access.get_cycle_to_register(request.user, cycle_pk)
    awards = AwardType.objects.filter(pk__in=cycle.policy.quotas.values("award_type_id")).order_by(
        "order"
    )
    current = Registration.objects.filter(cycle=cycle, organisation=unit).first()
    initial = (
        {"awards": list(current.awards.all()), "commitments": "\n".join(current.commitments)}
        if current
        else {}
    )
    form = RegistrationForm(posted(request), awards=awards, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.register(
                actor=request.user,
                cycle=cycle,
                unit=unit,
                awards=list(form.cleaned_data["awards"]),
                commitments=lines(form.cleaned_data["commitments"]),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("Your unit's registration was saved."))
            return redirect("meetings:registration_list", cycle.pk)
    context = {
        "cycle": cycle,
        "unit": unit,
        "form": form,
        "current": current,
        "is_open": services.registration_open(cycle),
    }
    return render(request, "meetings/registration_form.html", context)


@login_required
@require_POST
def registration_close(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="write")
    try:
        if request.POST.get("reopen"):
            services.reopen_registration(actor=request.user, cycle=cycle)
            messages.success(request, _("Registration is open again."))
        else:
            services.close_registration(actor=request.user, cycle=cycle)
            messages.success(request, _("Registration is closed."))
    except DomainError as err:
        messages.error(request, err.message)
    return redirect("meetings:registration_list", cycle.pk)
