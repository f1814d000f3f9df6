"""The product's colours meet WCAG 2.2 AA: text 4.5:1 against the backgrounds it sits on (the
page, white cards and tables, the tinted alerts), focus rings and field borders 3:1. The ratios
are computed here from the stylesheet's own values, so a colour changed there is checked again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "thidua" / "thidua.css"
BOOTSTRAP = next(
    (Path(__file__).resolve().parents[1] / "static" / "vendor").glob("bootstrap-*.css")
)

WHITE = "#ffffff"
# Bootstrap's tinted alert backgrounds and their text colours (not overridden by the product).
ALERTS = {
    "danger": ("#58151c", "#f8d7da"),
    "warning": ("#664d03", "#fff3cd"),
    "success": ("#0a3622", "#d1e7dd"),
    "info": ("#055160", "#cff4fc"),
    "secondary": ("#2b2f32", "#e2e3e5"),
}


def luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _hex(rgb: str) -> str:
    return "#" + "".join(f"{int(part):02x}" for part in rgb.split(","))


def palette() -> dict[str, str]:
    """The custom properties the product's stylesheet declares (the last one of a name wins)."""
    found = dict(re.findall(r"(--[\w-]+):\s*([^;}]+)[;}]", CSS.read_text()))
    return {name: value.strip() for name, value in found.items()}


def test_the_contrast_formula_gives_wcag_reference_values():
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    # The colour the issue reported: Bootstrap's red on the page background.
    assert contrast("#dc3545", "#f6f6f4") == pytest.approx(4.18, abs=0.01)


def test_error_texts_meet_4_5_to_1_on_the_page_and_on_white():
    colours = palette()
    page = colours["--td-page"]
    for name in ("--bs-form-invalid-color", "--td-danger", "--bs-danger"):
        for background in (page, WHITE):
            ratio = contrast(colours[name], background)
            assert ratio >= 4.5, f"{name} {colours[name]} on {background}: {ratio:.2f}"
    assert _hex(colours["--bs-danger-rgb"]) == colours["--bs-danger"]


@pytest.mark.parametrize(
    "name",
    [
        "--td-success",
        "--bs-success",
        "--bs-form-valid-color",
        "--bs-secondary-color",
        "--bs-link-color",
        "--bs-primary",
        "--td-red",
        "--td-red-dark",
    ],
)
def test_status_and_muted_texts_meet_4_5_to_1_on_the_page_and_on_white(name):
    colours = palette()
    for background in (colours["--td-page"], WHITE):
        ratio = contrast(colours[name], background)
        assert ratio >= 4.5, f"{name} {colours[name]} on {background}: {ratio:.2f}"


def test_the_rgb_triplets_match_their_colours():
    colours = palette()
    assert _hex(colours["--bs-success-rgb"]) == colours["--bs-success"]
    assert _hex(colours["--bs-primary-rgb"]) == colours["--bs-primary"]


@pytest.mark.parametrize("background", ["--td-danger", "--td-danger-dark", "--td-success"])
def test_white_text_on_filled_status_buttons_and_badges_meets_4_5_to_1(background):
    colour = palette()[background]
    assert contrast(WHITE, colour) >= 4.5, f"white on {colour}: {contrast(WHITE, colour):.2f}"


@pytest.mark.parametrize("kind", sorted(ALERTS))
def test_alert_texts_and_links_meet_4_5_to_1_on_their_tint(kind):
    text, tint = ALERTS[kind]
    assert f"--bs-{kind}-text-emphasis:{text}" in BOOTSTRAP.read_text()
    assert f"--bs-{kind}-bg-subtle:{tint}" in BOOTSTRAP.read_text()
    assert contrast(text, tint) >= 4.5
    link = palette()["--bs-link-color"]
    assert contrast(link, tint) >= 4.5, f"links on the {kind} alert: {contrast(link, tint):.2f}"


def test_focus_ring_and_invalid_borders_meet_3_to_1():
    colours = palette()
    css = CSS.read_text()
    ring = re.search(r":focus-visible\s*\{\s*outline:\s*3px solid (#[0-9a-fA-F]{6})", css)
    assert ring is not None
    for background in (colours["--td-page"], WHITE):
        assert contrast(ring.group(1), background) >= 3
        assert contrast(colours["--bs-form-invalid-border-color"], background) >= 3
