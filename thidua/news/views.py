"""The authors' pages: their posts, the editor, photos, drafts from facts and moderation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.http import AuthenticatedRequest
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, posted, posted_files
from thidua.news import access, selectors, services
from thidua.news.drafts import SOURCES
from thidua.news.forms import DraftFromForm, PhotoForm, PostForm
from thidua.news.models import CommentStatus, Post


@login_required
def manage(request: AuthenticatedRequest) -> HttpResponse:
    posts = (
        access.editable_posts(request.user).select_related("block").order_by("-updated_at", "-pk")
    )
    page = Paginator(posts, 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "is_author": access.is_author(request.user),
        "pending": selectors.pending_count(access.moderated_comments(request.user)),
        "sources": list(SOURCES.values()),
    }
    return render(request, "news/manage.html", context)


def _form(request: AuthenticatedRequest, post: Post | None = None) -> PostForm:
    return PostForm(
        posted(request),
        posted_files(request),
        blocks=access.writable_blocks(request.user),
        board=access.is_board(request.user),
        post=post,
        initial=PostForm.initial_for(post) if post is not None else None,
    )


def _save_photo(request: AuthenticatedRequest, post: Post, form: PostForm) -> None:
    image = form.cleaned_data.get("photo")
    if image is not None:
        services.add_photo(
            actor=request.user, post=post, image=image, caption=form.cleaned_data["caption"]
        )


@login_required
def post_create(request: AuthenticatedRequest) -> HttpResponse:
    access.require_author(request.user)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.create_post(
                actor=request.user,
                values=form.values(),
                block=form.cleaned_data["block"],
                related=form.cleaned_data["related"],
            )
            _save_photo(request, post, form)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("news:post_detail", post.pk)
    return render(request, "news/post_form.html", {"form": form, "post": None})


@login_required
def post_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = access.get_post_to_edit(request.user, pk)
    form = _form(request, post)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_post(
                actor=request.user,
                post=post,
                values=form.values(),
                block=form.cleaned_data["block"],
                related=form.cleaned_data["related"],
            )
            _save_photo(request, post, form)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The post was saved."))
            return redirect("news:post_detail", post.pk)
    return render(request, "news/post_form.html", {"form": form, "post": post})


@login_required
def post_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = access.get_post_to_edit(request.user, pk)
    context = {
        "post": post,
        "photos": list(post.photos.all()),
        "photo_form": PhotoForm(),
        "pending": post.comments.filter(status=CommentStatus.PENDING).count(),
    }
    return render(request, "news/post_detail.html", context)


@login_required
@require_POST
def photo_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    post = access.get_post_to_edit(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_photo(
                actor=request.user,
                post=post,
                image=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("news:post_detail", post.pk)
    context = {"post": post, "photos": list(post.photos.all()), "photo_form": form, "pending": 0}
    return render(request, "news/post_detail.html", context, status=400)


@login_required
@require_POST
def photo_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    photo = access.get_photo_to_edit(request.user, pk)
    services.remove_photo(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("news:post_detail", photo.post_id)


def _post_action(
    request: AuthenticatedRequest, pk: int, service: Callable[..., Any], done: str
) -> HttpResponse:
    post = access.get_post_to_edit(request.user, pk)
    try:
        service(actor=request.user, post=post)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, done)
    return redirect("news:post_detail", post.pk)


@login_required
@require_POST
def post_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, services.publish_post, _("The post is published on the portal.")
    )


@login_required
@require_POST
def post_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, services.unpublish_post, _("The post was taken off the portal.")
    )


@login_required
def draft_from(request: AuthenticatedRequest, source: str) -> HttpResponse:
    access.require_author(request.user)
    origin = SOURCES.get(source)
    if origin is None:
        raise Http404
    form = DraftFromForm(
        posted(request),
        choices=origin.candidates(request.user),
        initial={"record": request.GET.get("record")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.draft_from_source(
                actor=request.user, source_key=source, pk=form.cleaned_data["record"]
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(
                request, _("A draft was prepared from the recorded facts. Check and edit it.")
            )
            return redirect("news:post_edit", post.pk)
    return render(request, "news/draft_from.html", {"form": form, "source": origin})


@login_required
def moderation(request: AuthenticatedRequest) -> HttpResponse:
    access.require_author(request.user)
    comments = (
        access.moderated_comments(request.user)
        .filter(status=CommentStatus.PENDING)
        .select_related("post")
        .order_by("created_at")
    )
    page = Paginator(comments, 25).get_page(request.GET.get("page"))
    return render(request, "news/moderation.html", {"page": page})


@login_required
@require_POST
def comment_moderate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_to_moderate(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.moderate_comment(actor=request.user, comment=comment, approve=approve)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request, _("The comment was approved.") if approve else _("The comment was rejected.")
        )
    return redirect("news:moderation")
