"""Article bodies keep only what Word keeps: paragraphs, lists, bold/italic and tables.

A small allow-list over Python's html.parser: every other tag is dropped (its text kept, except
inside script/style), every attribute is dropped but a numeric colspan/rowspan and th scope,
and unclosed tags are closed so the stored HTML is always well formed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
RENAMED = {"b": "strong", "i": "em"}
VOID = {"br"}
DROP_CONTENT = {"script", "style", "head", "title", "iframe", "object", "template"}
SCOPES = {"row", "col", "rowgroup", "colgroup"}


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.skipping += 1
            return
        tag = RENAMED.get(tag, tag)
        if self.skipping or tag not in ALLOWED:
            return
        kept = ""
        for name, value in attrs:
            if name in ("colspan", "rowspan") and tag in ("td", "th") and (value or "").isdigit():
                kept += f' {name}="{int(value or 1)}"'
            elif name == "scope" and tag == "th" and value in SCOPES:
                kept += f' scope="{value}"'
        self.out.append(f"<{tag}{kept}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        tag = RENAMED.get(tag, tag)
        if tag in ALLOWED and tag not in VOID and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.skipping = max(0, self.skipping - 1)
            return
        tag = RENAMED.get(tag, tag)
        if self.skipping or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.stack:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out).strip()


def clean_html(text: str) -> str:
    """Sanitised HTML. Text without any tag becomes one paragraph per non-empty line."""
    text = (text or "").strip()
    if not text:
        return ""
    if not re.search(r"<[a-zA-Z/]", text):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)
    cleaner = _Cleaner()
    cleaner.feed(text)
    return cleaner.result()


class _Text(HTMLParser):
    BREAKS = {"p", "li", "tr", "br", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        if tag == "li":
            self.parts.append("- ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(text: str) -> str:
    """Plain text of a body, one line per paragraph/list item/table row (for diffs, reports)."""
    parser = _Text()
    parser.feed(text or "")
    parser.close()
    lines = [re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)
