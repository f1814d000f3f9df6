"""The forms a page offers, read from its HTML: where each posts, and its fields with the values
the page proposes (options of a select, the value of a hidden input, named submit buttons).
Used by the form sweep (test_form_sweep.py), which finds every page through the access matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

#: Input types that carry no value worth fuzzing.
_SKIP_TYPES = {"submit", "button", "reset", "image"}


@dataclass
class FormField:
    name: str
    kind: str  # an input type ("text", "number", "date", "hidden", "checkbox", "file"…),
    # or "select", "select-multiple", "textarea"
    values: list[str] = field(default_factory=list)  # what the page proposes
    required: bool = False


@dataclass
class FoundForm:
    action: str  # a path, with its query string
    method: str = "post"
    fields: dict[str, FormField] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons
    multipart: bool = False

    @property
    def signature(self) -> tuple[str, tuple[str, ...]]:
        return (f"{self.method} {urlsplit(self.action).path}", tuple(sorted(self.fields)))

    def proposed(self) -> dict[str, list[str]]:
        """The body the page would send as it stands (first option, hidden values, …)."""
        data: dict[str, list[str]] = {}
        for name, f in self.fields.items():
            if f.kind in ("checkbox", "radio", "select-multiple"):
                data[name] = f.values[:1]
            elif f.kind == "file":
                continue
            else:
                data[name] = f.values[:1] or [""]
        return data


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self._form: FoundForm | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            split = urlsplit(action)
            self._form = FoundForm(
                action=split.path + (f"?{split.query}" if split.query and method == "post" else ""),
                method=method,
                multipart="multipart" in a.get("enctype", ""),
            )
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "button" and name:
            if a.get("type", "submit") == "submit":
                form.buttons.append((name, a.get("value", "")))
        elif tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in _SKIP_TYPES:
                if kind == "submit":
                    form.buttons.append((name, a.get("value", "")))
                return
            f = form.fields.setdefault(name, FormField(name, kind, required="required" in a))
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    f.values.insert(0, value)
                else:
                    f.values.append(value)
            else:
                f.values.append(value)
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = form.fields.setdefault(
                name, FormField(name, kind, required="required" in a)
            )
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if "selected" in a:
                self._select.values.insert(0, value)
            else:
                self._select.values.append(value)
        elif tag == "textarea" and name:
            self._textarea = form.fields.setdefault(
                name, FormField(name, "textarea", required="required" in a)
            )
            self._textarea.values.append("")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._textarea.values:
            self._textarea.values[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str, page_url: str) -> list[FoundForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
