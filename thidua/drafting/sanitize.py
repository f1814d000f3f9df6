"""Article bodies keep only what Word keeps: paragraphs, lists, bold/italic and tables.

nh3 (ammonia over html5ever, the HTML5 parser browsers follow) with an allow-list: every other
tag is dropped (its text kept, except inside script/style and the like), every attribute is
dropped but a numeric colspan/rowspan and th scope, and the output is always well formed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

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
# Word and pasted pages say b/i; the stored body says strong/em.
RENAMED = {"b": "strong", "i": "em"}
DROP_CONTENT = {"script", "style", "head", "title", "iframe", "object", "template"}
SCOPES = {"row", "col", "rowgroup", "colgroup"}
ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}

_RENAME = re.compile(r"<(/?)(b|i)>")
_TBODY = re.compile(r"</?tbody>")


def _attribute(tag: str, name: str, value: str) -> str | None:
    if name in ("colspan", "rowspan"):
        return str(int(value)) if value.isascii() and value.isdigit() and len(value) < 4 else None
    if name == "scope" and tag == "th" and value in SCOPES:
        return value
    return None


def clean_html(text: str) -> str:
    """Sanitised HTML. Text without any tag becomes one paragraph per non-empty line."""
    text = (text or "").strip()
    if not text:
        return ""
    if not re.search(r"<[a-zA-Z/]", text):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED | set(RENAMED),
        clean_content_tags=DROP_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute,
        strip_comments=True,
        link_rel=None,
    )
    # The output is serialised HTML: tags carry no attributes but the allowed ones, and text
    # has its "<" escaped, so these patterns only ever meet tags.
    cleaned = _RENAME.sub(lambda m: f"<{m[1]}{RENAMED[m[2]]}>", cleaned)
    if not re.search(r"<tbody", text, re.IGNORECASE):
        # The parser adds the tbody a table implies; stored bodies (and their hashes) stay as
        # the author wrote them, which a browser reads the same way.
        cleaned = _TBODY.sub("", cleaned)
    # A no-break space is stored as the character, as it was typed.
    return cleaned.replace("&nbsp;", "\xa0").strip()


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
