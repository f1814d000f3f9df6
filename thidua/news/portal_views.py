"""The public portal: no sign-in, published posts and published results only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.awards.selectors import award_history
from thidua.core.downloads import download_file
from thidua.core.errors import DomainError
from thidua.core.forms import add_domain_error, parse_whole
from thidua.core.http import client_ip
from thidua.core.page_cache import cached_for_visitors
from thidua.news import access, selectors, services
from thidua.news.forms import CommentForm, make_token
from thidua.news.models import Post
from thidua.orgs.models import Block, Organisation

PAGE_SIZE = 12
# At most this many comments from one address in the window (seconds).
COMMENT_LIMIT = 5
COMMENT_WINDOW = 10 * 60


@require_GET
@cached_for_visitors
def portal_home(request: HttpRequest) -> HttpResponse:
    return render(request, "news/portal/home.html", {**selectors.home(), "portal_section": "home"})


@require_GET
@cached_for_visitors
def post_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.newest_posts()
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cards": selectors.page_cards(posts, page),
        "dont_miss": selectors.dont_miss_lines(),
        "portal_section": "news",
    }
    return render(request, "news/portal/post_list.html", context)


def _article_context(request: HttpRequest, post: Post, form: CommentForm) -> dict[str, Any]:
    comments = selectors.approved_comments(post)
    photos = list(post.photos.order_by("order", "pk"))
    canonical = request.build_absolute_uri(reverse("news:article", args=[post.slug]))
    return {
        "post": post,
        "photos": photos,
        "og_image": request.build_absolute_uri(reverse("news:photo", args=[photos[0].pk]))
        if photos
        else "",
        "canonical": canonical,
        "comments": comments,
        "comment_form": form,
        "related": selectors.related_cards(post),
        "featured": [line for line in selectors.featured_lines() if line.pk != post.pk],
        "dont_miss": selectors.dont_miss_lines(exclude=post.pk),
        "can_edit": access.can_edit(request.user, post),
        "portal_section": "news",
    }


@require_GET
@cached_for_visitors(fresh={"token": lambda request: make_token()})
def article(request: HttpRequest, slug: str) -> HttpResponse:
    post = access.get_public_post(slug)
    return render(
        request, "news/portal/article.html", _article_context(request, post, CommentForm())
    )


def _rate_key(request: HttpRequest) -> str:
    return f"news:comments:{client_ip(request) or ''}"


@require_POST
def comment(request: HttpRequest, slug: str) -> HttpResponse:
    post = access.get_public_post(slug)
    form = CommentForm(request.POST)
    key = _rate_key(request)
    if form.is_spam:
        # Said as if accepted: a robot learns nothing about which trap caught it.
        cache.add(key, 0, COMMENT_WINDOW)
        messages.success(
            request, _("Thank you. Your comment will appear once a moderator approves it.")
        )
        return redirect(reverse("news:article", args=[post.slug]) + "#comments")
    if form.is_valid():
        cache.add(key, 0, COMMENT_WINDOW)
        if cache.get(key, 0) >= COMMENT_LIMIT:
            form.add_error(
                None, _("Too many comments from your connection. Please try again later.")
            )
        else:
            try:
                services.submit_comment(
                    post=post,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    text=form.cleaned_data["text"],
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                try:
                    cache.incr(key)
                except ValueError:  # the window ended meanwhile
                    cache.set(key, 1, COMMENT_WINDOW)
                messages.success(
                    request, _("Thank you. Your comment will appear once a moderator approves it.")
                )
                return redirect(reverse("news:article", args=[post.slug]) + "#comments")
    return render(request, "news/portal/article.html", _article_context(request, post, form))


@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    item = access.get_photo_to_view(request.user, pk)
    try:
        handle = item.image.open("rb")
    except OSError as err:  # the file is missing from the media folder
        raise Http404 from err
    return download_file(handle, None, content_type=item.content_type, inline=True)


@require_GET
@cached_for_visitors
def block_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "news/portal/block_list.html",
        {"cards": selectors.blocks_with_members(), "portal_section": "blocks"},
    )


@require_GET
@cached_for_visitors
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("province"), pk=pk, is_active=True)
    years = selectors.block_years(block)
    asked = request.GET.get("year", "")
    number = parse_whole(asked)
    year = number if number in years else (years[0] if years else None)
    context = {
        # Not "block": the template engine keeps that name for {% block %} tags.
        "the_block": block,
        "years": years,
        "results": selectors.block_results(block, year) if year else None,
        "posts": selectors.side_lines(selectors.newest_posts().filter(block=block)),
        "portal_section": "blocks",
    }
    return render(request, "news/portal/block_detail.html", context)


@require_GET
@cached_for_visitors
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organisation.objects.select_related("province"), pk=pk)
    context = {
        "org": org,
        "history": award_history(org),
        "memberships": selectors.organisation_blocks(org),
        "portal_section": "blocks",
    }
    return render(request, "news/portal/organisation_detail.html", context)


@require_GET
@cached_for_visitors
def search(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    posts = selectors.search_posts(q)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "q": q,
        "page": page,
        "cards": selectors.page_cards(posts, page),
        "organisations": selectors.search_organisations(q),
        "folded": selectors.wants_folded(q),
    }
    return render(request, "news/portal/search.html", context)
