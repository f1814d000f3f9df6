"""The layout of the import workbook: its sheets, their columns, the limits."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from thidua.lib.text import fold

MAX_ROWS = 20_000  # per sheet: a whole province's registry fits in one file
PREVIEW_ROWS = 300  # valid rows listed in the preview; rows with problems are always listed
MAX_COLUMNS = 30
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a small zip can unpack to gigabytes
EXAMPLE_MARKERS = ("vi du:", "example:")  # folded: "VÍ DỤ:" and "Example:"
YEARS = (2000, 2100)
ORDERS = (1, 999)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportFileError(Exception):
    """The file cannot be read as an import at all (not an XLSX, sheets or columns missing)."""

    def __init__(self, messages: str | list[str]) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese header of the template
    label: Promise  # the preview's column heading
    required: bool = False
    aliases: tuple[str, ...] = ()  # other accepted headers, in English mostly
    width: int = 24
    in_template: bool = True

    @property
    def template_header(self) -> str:
        return f"{self.header}*" if self.required else self.header

    def accepts(self, key: str) -> bool:
        """`key` is a header already passed through `header_key`."""
        return key in {header_key(h) for h in (self.header, *self.aliases)}


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    title: str  # the Vietnamese sheet name of the template
    label: Promise
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]

    def accepts(self, title: str) -> bool:
        return header_key(title) in {header_key(t) for t in (self.title, *self.aliases)}

    @property
    def required(self) -> list[Column]:
        return [c for c in self.columns if c.required]


def header_key(text: str) -> str:
    """Headers match whatever the case, the diacritics and the required-star."""
    return " ".join(fold(text).replace("*", " ").split())


_PROVINCE = Column(
    "province",
    "Mã tỉnh",
    gettext_lazy("Province code"),
    True,
    ("Province code", "Province"),
    width=16,
)
ORGANISATIONS = SheetSpec(
    "organisations",
    "Tổ chức",
    gettext_lazy("Organisations"),
    ("Organisations", "Organizations", "Đơn vị"),
    (
        Column(
            "name",
            "Tên tổ chức",
            gettext_lazy("Organisation name"),
            True,
            ("Organisation name", "Organization name", "Name", "Tên đơn vị"),
            width=44,
        ),
        Column(
            "short_name",
            "Tên viết tắt",
            gettext_lazy("Short name"),
            False,
            ("Short name", "Abbreviation"),
            width=20,
        ),
        _PROVINCE,
        Column(
            "email", "E-mail", gettext_lazy("E-mail"), False, ("Email", "Thư điện tử"), width=28
        ),
        Column("address", "Địa chỉ", gettext_lazy("Address"), False, ("Address",), width=36),
    ),
)
BLOCKS = SheetSpec(
    "blocks",
    "Khối thi đua",
    gettext_lazy("Blocks"),
    ("Blocks", "Khối", "Cụm thi đua"),
    (
        Column(
            "name",
            "Tên khối",
            gettext_lazy("Block name"),
            True,
            ("Block name", "Name", "Tên khối thi đua"),
            width=30,
        ),
        _PROVINCE,
        Column(
            "description", "Mô tả", gettext_lazy("Description"), False, ("Description",), width=50
        ),
    ),
)
MEMBERSHIPS = SheetSpec(
    "memberships",
    "Thành viên",
    gettext_lazy("Memberships"),
    ("Memberships", "Members", "Thành viên khối"),
    (
        Column(
            "block",
            "Tên khối",
            gettext_lazy("Block name"),
            True,
            ("Block name", "Block", "Tên khối thi đua"),
            width=30,
        ),
        Column(
            "organisation",
            "Tên tổ chức",
            gettext_lazy("Organisation name"),
            True,
            (
                "Organisation name",
                "Organization name",
                "Organisation",
                "Organization",
                "Tên đơn vị",
            ),
            width=44,
        ),
        Column("year", "Năm", gettext_lazy("Year"), True, ("Year", "Năm thi đua"), width=10),
        Column("order", "Thứ tự", gettext_lazy("Order"), False, ("Order", "STT", "No."), width=10),
        # Only needed when the same block name exists in several provinces.
        Column(
            "province",
            "Mã tỉnh",
            gettext_lazy("Province code"),
            False,
            ("Province code", "Province"),
            width=16,
            in_template=False,
        ),
    ),
)
SHEETS = (ORGANISATIONS, BLOCKS, MEMBERSHIPS)
INSTRUCTIONS_TITLE = "Hướng dẫn"
