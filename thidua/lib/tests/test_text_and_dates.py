import datetime as dt
import unicodedata

from thidua.lib.dates import long_date_vi
from thidua.lib.text import casefold, fold, nfc, search_keys


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Hội Nhà báo") == "hoi nha bao"
    assert fold("Đào Xuân Nay") == "dao xuan nay"
    assert fold("HỘI CỰU THANH NIÊN XUNG PHONG") == "hoi cuu thanh nien xung phong"


def test_nfd_typed_text_equals_nfc_text_after_normalising():
    nfd = unicodedata.normalize("NFD", "Hội Người mù")
    assert nfd != "Hội Người mù"
    assert nfc(nfd) == "Hội Người mù"
    assert fold(nfd) == fold("Hội Người mù")


def test_casefold_keeps_diacritics():
    assert casefold("HỘI") == casefold("hội")
    assert casefold("Hồi") != casefold("Hội")


def test_nfc_collapses_whitespace():
    assert nfc("  Hội   Khuyến học \n") == "Hội Khuyến học"
    assert nfc(None) == ""


def test_search_keys_join_every_part():
    exact, folded = search_keys("Hội Nhà báo tỉnh", "Hội Nhà báo", None)
    assert "hội nhà báo tỉnh" in exact
    assert "hoi nha bao" in folded


def test_document_dates_follow_decree_30():
    assert long_date_vi(dt.date(2025, 1, 8)) == "ngày 08 tháng 01 năm 2025"
    assert (
        long_date_vi(dt.date(2024, 3, 25), "Bình Thuận") == "Bình Thuận, ngày 25 tháng 3 năm 2024"
    )
    assert long_date_vi(dt.date(2024, 12, 5)) == "ngày 05 tháng 12 năm 2024"
