"""Pages for the cycle's joint activities: access → form → service → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.activities import access, export, selectors, services
from thidua.activities.forms import ActivityForm, FeedForm, PhotoForm
from thidua.core.downloads import download, download_file
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted
from thidua.news import access as news_access


@login_required
def activity_list(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    context = {
        "cycle": cycle,
        "activities": selectors.activities(cycle),
        "can_record": access.can_record(request.user, cycle),
    }
    return render(request, "activities/activity_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk, need="write")
    units = selectors.members(cycle)
    initial = {"participants": [u.pk for u in units]}
    form = ActivityForm(posted(request), units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.create_activity(
                actor=request.user,
                cycle=cycle,
                values=form.values(),
                participants=list(form.cleaned_data["participants"]),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The activity was recorded. You can now add photos."))
            return redirect("activities:activity_detail", activity.pk)
    return render(request, "activities/activity_form.html", {"cycle": cycle, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = access.get_activity(request.user, pk, need="write")
    units = selectors.members(activity.cycle)
    form = ActivityForm(posted(request), units=units, initial=ActivityForm.initial_for(activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(
                actor=request.user,
                activity=activity,
                values=form.values(),
                participants=list(form.cleaned_data["participants"]),
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect("activities:activity_detail", activity.pk)
    context = {"cycle": activity.cycle, "form": form, "activity": activity}
    return render(request, "activities/activity_form.html", context)


@login_required
def activity_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = access.get_activity(request.user, pk)
    can_edit = access.can_edit(request.user, activity, activity.cycle)
    context = {
        "cycle": activity.cycle,
        "activity": activity,
        "participants": activity.participations.filter(present=True).select_related("organisation"),
        "photos": activity.photos.all(),
        "can_edit": can_edit,
        "photo_form": PhotoForm() if can_edit else None,
        "can_draft_news": news_access.writes_block_news(request.user, activity.cycle.block_id),
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
@require_POST
def photo_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    activity = access.get_activity(request.user, pk, need="write")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(
                actor=request.user,
                activity=activity,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("activities:activity_detail", activity.pk)
    context = {
        "cycle": activity.cycle,
        "activity": activity,
        "participants": activity.participations.filter(present=True).select_related("organisation"),
        "photos": activity.photos.all(),
        "can_edit": True,
        "photo_form": form,
    }
    return render(request, "activities/activity_detail.html", context, status=400)


@login_required
def photo_file(request: AuthenticatedRequest, pk: int, photo_pk: int) -> FileResponse:
    photo = access.get_photo(request.user, pk, photo_pk)
    response = download_file(
        photo.image.open("rb"), None, content_type=photo.content_type, inline=True
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_POST
def photo_remove(request: AuthenticatedRequest, pk: int, photo_pk: int) -> HttpResponse:
    photo = access.get_photo(request.user, pk, photo_pk, need="write")
    try:
        services.remove_photo(actor=request.user, photo=photo)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The photo was removed."))
    return redirect("activities:activity_detail", pk)


@login_required
def participation(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    context = {
        "cycle": cycle,
        "table": selectors.participation(cycle),
        "can_feed": access.can_feed_criteria(request.user, cycle),
    }
    return render(request, "activities/participation.html", context)


@login_required
def participation_xlsx(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    cycle = access.get_cycle(request.user, cycle_pk)
    data = export.participation_xlsx(cycle, selectors.participation(cycle))
    return download(data, f"hoat-dong-chung-{cycle.block_id}-{cycle.year}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def feed_criteria(request: AuthenticatedRequest, cycle_pk: int) -> HttpResponse:
    """A confirmation page, then the POST that writes the counts into the self-assessments."""
    cycle = access.get_cycle(request.user, cycle_pk, need="write")
    items = selectors.count_items(cycle)
    form = FeedForm(posted(request), items=items)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.feed_criteria(
                actor=request.user, cycle=cycle, node_id=form.cleaned_data["node"].pk
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request,
                _(
                    "Participation written for %(written)s units; %(same)s already had it; "
                    "%(skipped)s submitted self-assessments were left unchanged."
                )
                % {
                    "written": len(result.written),
                    "same": len(result.unchanged),
                    "skipped": len(result.skipped),
                },
            )
            return redirect("activities:participation", cycle.pk)
    context = {
        "cycle": cycle,
        "form": form,
        "items": items,
        "table": selectors.participation(cycle),
        "can_feed": access.can_feed_criteria(request.user, cycle),
    }
    return render(request, "activities/feed_criteria.html", context)
