"""The audit log as people read it: each event a sentence, objects by their name (with a link to
their page when the reader may open it), filters by block, cycle, person and kind of action.

`audit.py` keeps the events and their chain; this module only reads them. Core knows no app,
so each app says what its events mean through three hubs (thidua/core/contributions.py), from
its own `contributions.py`:

- `describe(kind, label, {code: sentence})`: the sentence of each action code the app's
  services record, grouped under one kind of action (the page's "Kind of action" filter). A
  sentence is a msgid with ``%(actor)s`` (who acted, by full name), ``%(object)s`` (the object,
  linked) and any value its `values` function takes from the event's stored data.
- `audit_objects`, keyed by object type (``app_label.model``): given the reader and the ids of
  that type's objects on one page, their names as they read today, links and more values —
  one query per type, whatever the number of events.
- `audit_scopes`, keyed by filter name: a filter of the page (its label, its choices, the events
  it keeps). The cycles app adds "block" and "cycle".

An action code without a sentence still reads as a sentence (`GENERIC`), and
thidua/core/tests/test_audit_sentences.py fails until it has one in both languages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from thidua.core.contributions import Hub
from thidua.core.models import AuditEvent

Text = str | Promise


@dataclass(frozen=True)
class Sentence:
    """What one action code means: a msgid with ``%(name)s`` placeholders. `values` adds
    placeholders from the event's stored data (`before`, `after`, labels) without a query."""

    text: Text
    values: Callable[[AuditEvent], Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of action: the codes one filter choice keeps."""

    label: Text
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    """An object of an event as it reads today: its name ("" keeps the label recorded with the
    event), its page (only where the reader may open it) and more values for the sentence."""

    name: str = ""
    url: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)


#: (reader, ids of objects of one type) -> {id: Target}, in one query.
ObjectReader = Callable[[Any, Sequence[str]], Mapping[str, Target]]


@dataclass(frozen=True)
class Scope:
    """One filter of the page: its label, its choices (value, label) given the other filters'
    values, and the events a chosen value keeps (None when the value is not a choice)."""

    label: Text
    choices: Callable[[Mapping[str, str]], list[tuple[str, str]]]
    events: Callable[[str], Q | None]


audit_sentences: Hub[Sentence] = Hub("audit sentences")
audit_kinds: Hub[Kind] = Hub("audit kinds")
audit_objects: Hub[ObjectReader] = Hub("audit objects")
audit_scopes: Hub[Scope] = Hub("audit scopes")

#: What an event whose code has no sentence says (a code added without its sentence).
GENERIC = _("%(actor)s recorded the action “%(code)s” on %(object)s")
SYSTEM = _("The system")
NO_OBJECT = _("no particular object")
#: The ids asked of a reader at once (SQLite caps the parameters of one query).
CHUNK = 500


def describe(
    kind: str,
    label: Text,
    sentences: Mapping[str, Sentence | Text],
    *,
    order: int = 100,
) -> None:
    """Register an app's sentences under one kind of action (several calls may share a kind)."""
    for code, sentence in sentences.items():
        audit_sentences.add(
            sentence if isinstance(sentence, Sentence) else Sentence(sentence), key=code
        )
    known = audit_kinds.get(kind)
    actions = (known.actions if known else ()) + tuple(sentences)
    audit_kinds.add(Kind(label, tuple(dict.fromkeys(actions))), key=kind, order=order)


def about(objects: QuerySet[Any]) -> Q:
    """The events about these objects (for a scope): their type and ids, in one subquery."""
    ids = objects.order_by().annotate(_audit_id=Cast("pk", CharField())).values("_audit_id")
    return Q(object_type=objects.model._meta.label_lower, object_id__in=ids)


def kind_of(action: str) -> str:
    """The key of the kind an action code belongs to ("" when none)."""
    for key, kind in audit_kinds.items():
        if action in kind.actions:
            return key
    return ""


class _Values(dict[str, Any]):
    """Placeholders a translation names but this event lacks read as an ellipsis, not an
    error: a sentence never breaks the page."""

    def __missing__(self, key: str) -> str:
        return "…"


@dataclass(frozen=True)
class Line:
    """One event as the page and the exports show it."""

    event: AuditEvent
    html: SafeString
    text: str
    kind: str
    url: str


def _targets(events: Sequence[AuditEvent], reader: Any) -> dict[tuple[str, str], Target]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.object_id and audit_objects.get(event.object_type) is not None:
            wanted[event.object_type].add(event.object_id)
    found: dict[tuple[str, str], Target] = {}
    for object_type, ids in wanted.items():
        read = audit_objects.get(object_type)
        assert read is not None
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):
            for object_id, target in read(reader, ordered[start : start + CHUNK]).items():
                found[(object_type, str(object_id))] = target
    return found


def _values(event: AuditEvent, sentence: Sentence | None, target: Target | None) -> _Values:
    values = _Values(
        actor=event.actor_name or str(SYSTEM),
        object=(target.name if target and target.name else event.object_label) or str(NO_OBJECT),
        code=event.action,
    )
    if target is not None:
        values.update(target.values)
    if sentence is not None and sentence.values is not None:
        # An event recorded before its data had this shape reads without the extras.
        with contextlib.suppress(AttributeError, KeyError, TypeError, ValueError, IndexError):
            values.update(sentence.values(event))
    return values


def _fill(text: str, values: Mapping[str, Any]) -> str | None:
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        return None


def line(event: AuditEvent, target: Target | None = None) -> Line:
    sentence = audit_sentences.get(event.action)
    values = _values(event, sentence, target)
    template = str(sentence.text) if sentence is not None else str(GENERIC)
    plain = _fill(template, values)
    if plain is None:  # a broken translation: the generic sentence still says what happened
        template, plain = str(GENERIC), str(GENERIC) % values
    url = target.url if target else ""
    shown = _Values({key: conditional_escape(str(value)) for key, value in values.items()})
    if url:
        shown["object"] = format_html('<a href="{}">{}</a>', url, values["object"])
    html = mark_safe(conditional_escape(template) % shown)  # noqa: S308 (every part escaped)
    kind = audit_kinds.get(kind_of(event.action))
    return Line(event, html, plain, str(kind.label) if kind else "", url)


def read(events: Iterable[AuditEvent], reader: Any) -> list[Line]:
    """The events as sentences, for `reader` (links only to pages the reader may open). One
    query per object type present, whatever the number of events."""
    listed = list(events)
    targets = _targets(listed, reader)
    return [line(e, targets.get((e.object_type, e.object_id))) for e in listed]


def objects(
    queryset: QuerySet[Any],
    *,
    name: Callable[[Any], str] = str,
    url: Callable[[Any, Any], str] | None = None,
    values: Callable[[Any], Mapping[str, Any]] | None = None,
) -> ObjectReader:
    """A reader for `audit_objects` over one model: `name(obj)` as it reads today,
    `url(obj, reader)` its page ("" where the reader may not open it), `values(obj)` more names
    for the sentences. Give a queryset with the `select_related` the functions need: the reader
    then makes one query per page."""

    def read(reader: Any, ids: Sequence[str]) -> dict[str, Target]:
        pks = [int(i) for i in ids if i.isdigit()]
        return {
            str(obj.pk): Target(
                name=name(obj),
                url=url(obj, reader) if url is not None else "",
                values=values(obj) if values is not None else {},
            )
            for obj in queryset.filter(pk__in=pks)
        }

    return read


def board_only(view: str, *args: Callable[[Any], Any]) -> Callable[[Any, Any], str]:
    """A url function for `objects`: the page `view` (its arguments taken from the object, its
    pk by default), for Board readers only — the pages the access matrices open to the Board."""

    def url(obj: Any, reader: Any) -> str:
        if not getattr(reader, "is_board", False):
            return ""
        return reverse(view, args=[arg(obj) for arg in args] if args else [obj.pk])

    return url


def recorded(event: AuditEvent, key: str, source: str = "after") -> Any:
    """A value kept in the event's data: `source` "after", "before", or "either" (after, else
    before). Raises KeyError when it is not there (`from_event` then leaves it out)."""
    sources = ("after", "before") if source == "either" else (source,)
    for name in sources:
        data = getattr(event, name)
        if isinstance(data, dict) and key in data:
            return data[key]
    raise KeyError(key)


def stored(key: str, source: str = "after") -> Callable[[AuditEvent], Any]:
    """A getter for `from_event`: the value `key` of the event's data (see `recorded`)."""

    def value(event: AuditEvent) -> Any:
        return recorded(event, key, source)

    return value


def from_event(**getters: Callable[[AuditEvent], Any]) -> Callable[[AuditEvent], dict[str, Any]]:
    """`Sentence.values` made of one getter per placeholder; a getter that fails (an event
    recorded with other data) leaves its placeholder out (it reads "…")."""

    def values(event: AuditEvent) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, getter in getters.items():
            try:
                found[key] = getter(event)
            except (AttributeError, KeyError, TypeError, ValueError, IndexError):
                continue
        return found

    return values


def date_text(value: Any) -> str:
    """An ISO date or datetime kept in an event, as dd/mm/yyyy."""
    text = str(value)
    try:
        return dt.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text
