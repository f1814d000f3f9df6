from decimal import Decimal

from django.utils import translation
from django.utils.formats import localize

from thidua.lib.numbers import decimal_vi, localizer, percent_vi


def test_a_vote_share_has_two_decimals_and_a_decimal_comma():
    assert percent_vi(8, 12) == "66,67%"
    assert percent_vi(2, 3) == "66,67%"
    assert percent_vi(1, 3) == "33,33%"
    assert percent_vi(6, 12) == "50,00%"
    assert percent_vi(12, 12) == "100,00%"
    assert percent_vi(0, 12) == "0,00%"


def test_a_share_is_rounded_half_up_not_to_even():
    # 1/8 = 12.5% exactly: one place gives 12,5; 1/16 = 6.25% gives 6,3 half up (6,2 half even).
    assert percent_vi(1, 16, places=1) == "6,3%"
    assert percent_vi(1, 8, places=0) == "13%"


def test_an_unknown_share_is_empty():
    assert percent_vi(None, 12) == ""
    assert percent_vi(3, 0) == ""
    assert percent_vi(3, None) == ""


def test_decimals_are_written_with_a_comma():
    assert decimal_vi("95.5") == "95,50"
    assert decimal_vi(Decimal("93.456")) == "93,46"
    assert decimal_vi(7) == "7,00"
    assert decimal_vi(-1.005, 1) == "-1,0"
    assert decimal_vi("") == "" and decimal_vi(None) == "" and decimal_vi("abc") == ""


def test_the_localizer_writes_numbers_as_a_template_would_in_each_language():
    values = [Decimal("12.50"), Decimal("-0.00"), Decimal("1E+3"), Decimal("0.001"), 7, 2.5, None]
    for language in ("vi", "en"):
        with translation.override(language):
            text = localizer()
            assert [text(v) for v in values] == [str(localize(v)) for v in values]
    with translation.override("vi"):
        assert localizer()(Decimal("95.50")) == "95,50"
