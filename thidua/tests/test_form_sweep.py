"""Every form of the product, fed hostile values: never a 5xx, and every refusal says why.
Search and filter forms (GET) get hostile queries and must never answer 5xx either.

The forms are found through the URL configuration, as the access matrix does: each page of the
matrix is opened as the roles that may see it (the Board, and one member role), and every
POST form on it is read from the HTML (thidua/tests/forms_found.py), along with the POST actions
the matrix lists. Each form is then posted a few times, as the role that saw it, with values
drawn for every field it declares: what the page proposes, or a hostile value (a 26-digit
number, a negative one, 10,000 characters, NUL bytes, unicode junk, markup, the id of another
block's record or of none, a value of the wrong type, several values for one field, a damaged
file) or nothing at all. Every answer must be below 500; a form shown again (200) must carry a
message — an error next to a field, or an alert — and every error a form holds must be in the
page; a 4xx page must say something.

The scoring pages are read again with the cycle in self-assessment and in cross-scoring, where
the sheets are forms. Bounded in time: a few examples per form (hypothesis), the file-producing
routes left out (their forms are the pages that link to them), one sweep over about 100 forms.
"""

from __future__ import annotations

import html
import os
import re
import time
import traceback
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.cycles.models import Phase
from thidua.scoring.models import CriteriaNode, CriteriaTable, Formula, NodeKind
from thidua.scoring.tests.builders import set_phase
from thidua.testing import Cast, as_role, hostile
from thidua.tests.access_matrix import Route, all_routes
from thidua.tests.forms_found import FormField, FoundForm, forms_on

#: Examples drawn per form (beyond the deterministic all-hostile ones below); raise it by hand
#: (THIDUA_SWEEP_EXAMPLES=50) to search harder than CI does.
EXAMPLES = int(os.environ.get("THIDUA_SWEEP_EXAMPLES", "4"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
#: Routes that answer with a file, not a page with forms.
FILE_ROUTE = re.compile(r"(_pdf|_docx|_xlsx|_zip|_csv|export|download|_file|feed|photo|template)$")
#: Forms that are not the product's own (Django's language switch) or that end the session.
SKIP_ACTIONS = {"set_language", "accounts:logout"}
#: Phases whose pages hold forms the cast's preparing cycle does not show (the scoring sheets).
LATER_PHASES = (Phase.SELF_ASSESSMENT, Phase.CROSS_SCORING)
SHEET_ROUTES = {"scoring:self_sheet", "scoring:cross_sheet", "scoring:head_sheet"}
#: Member roles, most capable first: one of them opens each page besides the Board.
MEMBER_ROLES = ("head_rep", "member_leader", "member_rep", "outsider")
#: Buttons that ask for the page again with the form's values (a preview, a refreshed choice).
SHOW_AGAIN = ("preview", "refresh")
#: What marks a message in a page: a field's error, an alert (form errors, messages).
MESSAGE_MARKERS = ("invalid-feedback", "alert-danger", "alert-warning", 'role="alert"')

HUGE = "9" * 26
HOSTILE_TEXT = [
    HUGE,
    "-1",
    "-" + HUGE,
    "0",
    "1e309",
    "NaN",
    "-Infinity",
    "²",
    "١٢٣",
    "0x1F",
    "1,5",
    "x" * 10_000,
    "\x00",
    "Hội\x00 Người mù",
    "\u202eđảo ngược",
    "A\u0301\u0323" * 40,
    "🎉" * 60,
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "2025-02-30",
    "99/99/9999",
    "25:61",
    "9999-12-31",
    "0001-01-01",
    "   ",
    "",
]
MISSING = object()


@dataclass
class Target:
    form: FoundForm
    role: str
    found_on: str


def _roles(route: Route) -> list[str]:
    if not route.allowed:
        return ["anonymous"] if route.public else []
    roles = ["board"] if "board" in route.allowed else []
    roles += [r for r in MEMBER_ROLES if r in route.allowed][:1]
    return roles


def _action_name(action: str) -> str | None:
    try:
        match = resolve(action.split("?")[0])
    except Resolver404:
        return None
    return match.view_name


def _pattern(form: FoundForm) -> tuple[str, tuple[str, ...]]:
    """Forms that differ only by the ids in their path and field names are one form."""
    path, fields = form.signature
    return re.sub(r"\d+", "N", path), tuple(sorted({re.sub(r"\d+", "N", f) for f in fields}))


def discover(client: Any, cast: Cast) -> list[Target]:
    targets: dict[tuple[str, tuple[str, ...]], Target] = {}
    routes = all_routes()
    _read_pages(client, cast, routes, targets)
    # POST actions of the matrix whose form no page showed (buttons, htmx actions).
    for route in routes:
        if route.method != "post" or not (route.allowed or route.public):
            continue
        url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
        data = route.data(cast) if route.data else {}
        form = FoundForm(action=url)
        for name, value in data.items():
            values = [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
            form.fields[name] = FormField(name, "text", values)
        role = _roles(route)[0] if _roles(route) else "anonymous"
        targets.setdefault(_pattern(form), Target(form, role, route.name))
    # Forms that only exist later in the year: the sheets of self-assessment and cross-scoring.
    _scored_items(cast)
    for phase in LATER_PHASES:
        set_phase(cast.cycle, phase)
        later = [r for r in routes if r.name in SHEET_ROUTES]
        _read_pages(client, cast, later, targets, member_roles=MEMBER_ROLES)
    return list(targets.values())


def _scored_items(cast: Cast) -> None:
    """Items of each kind that takes a typed value, whatever the phase the sweep left."""
    table, _created = CriteriaTable.objects.get_or_create(cycle=cast.cycle)
    group, _created = CriteriaNode.objects.get_or_create(
        table=table, code="Z", defaults={"kind": NodeKind.GROUP, "title": "Sweep", "order": 99}
    )
    for code, kind, extra in (
        ("Z.1", NodeKind.QUALITATIVE, {}),
        ("Z.2", NodeKind.COUNT, {"points_per_unit": 2, "cap": 10}),
        ("Z.3", NodeKind.QUANTITATIVE, {"formula": Formula.PROPORTIONAL, "target": 100}),
        ("Z.4", NodeKind.PASS_FAIL, {}),
    ):
        CriteriaNode.objects.get_or_create(
            table=table,
            code=code,
            defaults={"parent": group, "kind": kind, "title": code, "max_points": 10, **extra},
        )


def _read_pages(
    client: Any,
    cast: Cast,
    routes: list[Route],
    targets: dict[tuple[str, tuple[str, ...]], Target],
    member_roles: tuple[str, ...] = (),
) -> None:
    for route in routes:
        if route.method != "get" or route.ok_status != 200 or FILE_ROUTE.search(route.name):
            continue
        roles = _roles(route) + [r for r in member_roles if r in route.allowed]
        for role in dict.fromkeys(roles):
            as_role(client, cast, role)
            url = reverse(route.name, kwargs=route.url_kwargs(cast)) + route.query
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in forms_on(response.content.decode(), url):
                form.fields.pop("csrfmiddlewaretoken", None)
                if _action_name(form.action) in SKIP_ACTIONS:
                    continue
                targets.setdefault(_pattern(form), Target(form, role, route.name))


def _files() -> st.SearchStrategy[Any]:
    contents = st.sampled_from(
        [b"", b"MZ\x90\x00", hostile.image_seed("PNG"), hostile.PDF_SEED[:-10], b"PK\x03\x04junk"]
    ) | st.binary(max_size=512)
    names = st.sampled_from(["a.xlsx", "a.docx", "a.pdf", "a.png", "a.jpg", "a.exe", "noext"])
    return st.builds(lambda n, c: SimpleUploadedFile(n, c), names, contents)


def _hostile_ids(cast: Cast) -> list[str]:
    return [str(cast.outsider_org.pk), str(cast.other_block.pk), "999999"]


def _field_values(field: FormField, cast: Cast) -> st.SearchStrategy[Any]:
    if field.kind == "file":
        return st.one_of(st.just(MISSING), _files())
    proposed = field.values[:1] if field.kind in ("checkbox", "select-multiple") else field.values
    hostile_one = st.sampled_from(HOSTILE_TEXT + _hostile_ids(cast))
    options = st.sampled_from(field.values) if field.values else st.just("")
    if field.kind in ("checkbox", "select-multiple", "radio"):
        many = st.lists(st.one_of(options, hostile_one), min_size=1, max_size=4)
        return st.one_of(st.just(proposed), many, st.just(MISSING))
    return st.one_of(
        st.just(proposed[0] if proposed else ""),
        hostile_one,
        options,
        st.lists(hostile_one, min_size=2, max_size=3),  # several values for one field
        st.just(MISSING),
    )


def _body(fields: dict[str, Any], button: tuple[str, str] | None) -> dict[str, Any]:
    data = {name: value for name, value in fields.items() if value is not MISSING}
    if button is not None:
        data[button[0]] = button[1]
    return data


def _bound_forms(response: Any) -> list[Any]:
    found: list[Any] = []
    for context in response.context or []:
        for layer in getattr(context, "dicts", [context]):
            for value in layer.values() if isinstance(layer, dict) else []:
                bound = isinstance(value, BaseForm | BaseFormSet) and value.is_bound
                if bound and all(value is not f for f in found):
                    found.append(value)
    return found


def _error_texts(form: Any) -> list[str]:
    if isinstance(form, BaseFormSet):
        texts = [str(e) for e in form.non_form_errors()]
        for sub in form.forms:
            texts += _error_texts(sub)
        return texts
    return [str(e) for errors in form.errors.values() for e in errors]


def _displayed(form: Any, body: str) -> bool:
    """Whether the page shows the form (any of its fields) for the person to correct."""
    forms = form.forms if isinstance(form, BaseFormSet) else [form]
    return any(f'name="{f.add_prefix(name)}"' in body for f in forms for name in f.fields)


def check_answer(response: Any, what: str, *, shows_again: bool = False) -> None:
    """No 5xx; a 4xx page says something; a page shown again (200) says why: every error of a
    form it displays is in the page, and a form displayed without errors, or not displayed at
    all (the action is closed), comes with an alert. ``shows_again``: the button asked for the
    page again (a preview), which is no refusal."""
    status = response.status_code
    assert status < 500, f"{what}: HTTP {status}"
    body = response.content.decode(errors="replace")
    if 400 <= status < 500:
        assert re.sub(r"<[^>]+>|\s", "", body), f"{what}: an empty {status} page"
    if status not in (200, 400) or "html" not in response.get("Content-Type", "") or shows_again:
        return
    shown = html.unescape(body)
    displayed = [form for form in _bound_forms(response) if _displayed(form, body)]
    for form in displayed:
        hidden = [text for text in _error_texts(form) if text not in shown]
        assert not hidden, f"{what}: errors held by the form but not shown: {hidden[:3]}"
    if any(_error_texts(form) for form in displayed):
        return
    markers = MESSAGE_MARKERS if displayed else (*MESSAGE_MARKERS, 'class="alert')
    assert any(marker in body for marker in markers), f"{what}: refused without any message"


def _crash(err: BaseException) -> str:
    """The exception and the product's innermost line that raised it."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "/thidua/" in f.filename and "/tests/" not in f.filename]
    where = f" at {ours[-1].filename.split('/thidua/')[-1]}:{ours[-1].lineno}" if ours else ""
    return f"{type(err).__name__}{where}: {str(err)[:200]}"


def fuzz(client: Any, cast: Cast, target: Target) -> None:
    form = target.form
    strategies = {name: _field_values(field, cast) for name, field in form.fields.items()}
    buttons = st.sampled_from([None, *form.buttons]) if form.buttons else st.just(None)

    def post(data: dict[str, Any]) -> None:
        as_role(client, cast, target.role)
        what = f"{target.role} POST {form.action} (form on {target.found_on})"
        shown = {k: (v[:40] if isinstance(v, str) else v) for k, v in data.items()}
        try:
            response = client.post(form.action, data)
        except Exception as err:
            raise AssertionError(f"{what} with {shown}: {_crash(err)}") from err
        again = any(data.get(name) is not None for name in SHOW_AGAIN)
        check_answer(response, f"{what} with {shown}", shows_again=again)

    if form.method != "post":  # a search or filter: hostile queries, one field at a time too
        as_role(client, cast, target.role)
        queries = [{name: value for name in form.fields} for value in (HUGE, "x" * 2000, "\x00")]
        queries += [{name: "²"} for name in form.fields]  # int() refuses what isdigit() takes
        for query in queries:
            shown = {k: v[:40] for k, v in query.items()}
            try:
                response = client.get(form.action, query)
            except Exception as err:
                raise AssertionError(f"GET {form.action} {shown}: {_crash(err)}") from err
            assert response.status_code < 500, f"GET {form.action} {shown}: HTTP 500"
        return
    if not form.fields and not form.buttons:  # a button: one post says all there is to say
        post({})
        return
    for value in (HUGE, "x" * 10_000, "\x00", _hostile_ids(cast)[0]):
        post({name: value for name, field in form.fields.items() if field.kind != "file"})

    @FUZZ
    @given(st.fixed_dictionaries(strategies), buttons)
    def property(fields: dict[str, Any], button: tuple[str, str] | None) -> None:
        post(_body(fields, button))

    property()


def test_every_form_refuses_hostile_values_with_a_message_and_never_a_5xx(client, cast):
    client.raise_request_exception = True
    started = time.monotonic()
    targets = discover(client, cast)
    print(f"{len(targets)} forms found in {time.monotonic() - started:.1f} s")
    assert len(targets) > 60, f"only {len(targets)} forms found: the discovery broke"
    problems: list[str] = []
    for target in targets:
        started = time.monotonic()
        try:
            fuzz(client, cast, target)
        except Exception as err:  # collect them all: one run names every broken form
            problems.append(f"{type(err).__name__}: {str(err)[:600]}")
        print(f"{time.monotonic() - started:5.1f} s  {target.form.action}")
    assert not problems, f"{len(problems)} of {len(targets)} forms:\n" + "\n\n".join(problems)
