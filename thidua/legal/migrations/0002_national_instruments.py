"""The national instruments every installation cites (research: domain.md §1.1, §1.4), and the
forms of Decree 98/2023 and Decree 152/2025 for the tờ trình and the collective achievement
report. What is not confirmed against the official text is marked unverified, so the Board sees
it as "to check" and can correct it."""

import datetime as dt

from django.db import migrations

CITED = ["to_trinh", "achievement_report", "evaluation_minutes"]

INSTRUMENTS = [
    {
        "key": "law",
        "kind": "law",
        "number": "06/2022/QH15",
        "issuer": "Quốc hội",
        "signed_on": dt.date(2022, 6, 15),
        "title": "Luật Thi đua, khen thưởng",
        "valid_from": dt.date(2024, 1, 1),
        "valid_to": None,
        "verified": True,
        "cited_in": CITED,
        "order": 10,
        "note": "Thông qua ngày 15/6/2022, có hiệu lực từ ngày 01/01/2024 (Điều 94).",
    },
    {
        "key": "decree98",
        "kind": "decree",
        "number": "98/2023/NĐ-CP",
        "issuer": "Chính phủ",
        "signed_on": dt.date(2023, 12, 31),
        "title": "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "valid_from": dt.date(2024, 1, 1),
        "valid_to": dt.date(2025, 6, 30),
        "verified": True,
        "cited_in": CITED,
        "order": 20,
        "note": "Hết hiệu lực từ ngày 01/7/2025 (Điều 59 Nghị định số 152/2025/NĐ-CP).",
    },
    {
        "key": "decree152",
        "kind": "decree",
        "number": "152/2025/NĐ-CP",
        "issuer": "Chính phủ",
        "signed_on": dt.date(2025, 6, 14),
        "title": (
            "quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi "
            "tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng"
        ),
        "valid_from": dt.date(2025, 7, 1),
        "valid_to": None,
        "verified": True,
        "cited_in": CITED,
        "order": 20,
        "note": "Có hiệu lực từ ngày 01/7/2025; bãi bỏ Nghị định số 98/2023/NĐ-CP (Điều 59).",
    },
    {
        "key": "circular01",
        "kind": "circular",
        "number": "01/2024/TT-BNV",
        "issuer": "Bộ trưởng Bộ Nội vụ",
        "signed_on": dt.date(2024, 2, 24),
        "title": "quy định biện pháp thi hành Luật Thi đua, khen thưởng",
        "valid_from": dt.date(2024, 2, 24),
        "valid_to": dt.date(2025, 8, 3),
        "verified": False,
        "cited_in": CITED,
        "order": 30,
        "note": (
            "Cần kiểm tra: ngày có hiệu lực, và việc Thông tư số 15/2025/TT-BNV thay thế thông tư "
            "này (ngày kết thúc ở đây giả định là ngày trước ngày ban hành Thông tư 15/2025)."
        ),
    },
    {
        "key": "circular15",
        "kind": "circular",
        "number": "15/2025/TT-BNV",
        "issuer": "Bộ trưởng Bộ Nội vụ",
        "signed_on": dt.date(2025, 8, 4),
        "title": (
            "quy định biện pháp tổ chức, hướng dẫn thi hành Luật Thi đua, khen thưởng và Nghị "
            "định số 152/2025/NĐ-CP"
        ),
        "valid_from": dt.date(2025, 8, 4),
        "valid_to": None,
        "verified": False,
        "cited_in": CITED,
        "order": 30,
        "note": "Cần kiểm tra: ngày ban hành (04/8/2025 theo tin đăng), ngày có hiệu lực, trích yếu.",
    },
    {
        "key": "decree30",
        "kind": "decree",
        "number": "30/2020/NĐ-CP",
        "issuer": "Chính phủ",
        "signed_on": dt.date(2020, 3, 5),
        "title": "về công tác văn thư",
        "valid_from": dt.date(2020, 3, 5),
        "valid_to": None,
        "verified": True,
        "cited_in": [],
        "order": 90,
        "note": "Thể thức văn bản; không trích dẫn trong phần căn cứ của hồ sơ khen thưởng.",
    },
]

REPORT_TEXTS = {
    "title": "BÁO CÁO THÀNH TÍCH",
    "summary": "Đề nghị tặng {award} năm {year}",
    "intro": "{unit} báo cáo thành tích năm {year} như sau:",
    "situation": "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
    "achievements": "II. THÀNH TÍCH ĐẠT ĐƯỢC",
    "movement": "III. VIỆC THỰC HIỆN PHONG TRÀO THI ĐUA",
    "awards": "IV. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    "proposal": "V. ĐỀ NGHỊ KHEN THƯỞNG",
    "signer": "THỦ TRƯỞNG ĐƠN VỊ",
    "confirmation": "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG",
}
TO_TRINH_TEXTS = {
    "title": "TỜ TRÌNH",
    "summary": "Về việc đề nghị tặng {award} năm {year}",
    "intro": "{block} kính trình {addressee} xem xét, tặng {award} năm {year} như sau:",
    "results": "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA NĂM {year}",
    "nominees": "II. DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
    "attachments": "III. HỒ SƠ KÈM THEO",
    "closing": "{block} kính trình {addressee} xem xét, quyết định./.",
}

FORMS = [
    {
        "kind": "to_trinh",
        "instrument": "decree98",
        "reference": "Mẫu số 01, Phụ lục I ban hành kèm theo Nghị định số 98/2023/NĐ-CP",
        "texts": TO_TRINH_TEXTS,
        "verified": True,
        "note": "Số hiệu mẫu theo Quyết định 987/QĐ-BVHTTDL (2024); câu chữ cần đối chiếu.",
    },
    {
        "kind": "achievement_report",
        "instrument": "decree98",
        "reference": "Mẫu số 02, Phụ lục I ban hành kèm theo Nghị định số 98/2023/NĐ-CP",
        "texts": REPORT_TEXTS,
        "verified": True,
        "note": "Số hiệu mẫu theo Quyết định 987/QĐ-BVHTTDL (2024); câu chữ cần đối chiếu.",
    },
    {
        "kind": "to_trinh",
        "instrument": "decree152",
        "reference": "Mẫu tờ trình đề nghị khen thưởng, Phụ lục ban hành kèm theo Nghị định số "
        "152/2025/NĐ-CP",
        "texts": TO_TRINH_TEXTS,
        "verified": False,
        "note": "Cần kiểm tra: số hiệu mẫu và câu chữ theo Phụ lục của Nghị định 152/2025.",
    },
    {
        "kind": "achievement_report",
        "instrument": "decree152",
        "reference": "Mẫu báo cáo thành tích đề nghị khen thưởng công trạng cho tập thể, Phụ lục "
        "ban hành kèm theo Nghị định số 152/2025/NĐ-CP",
        "texts": REPORT_TEXTS,
        "verified": False,
        "note": "Cần kiểm tra: số hiệu mẫu và câu chữ theo Phụ lục của Nghị định 152/2025.",
    },
]


def seed(apps, schema_editor):
    Instrument = apps.get_model("legal", "Instrument")
    DocumentForm = apps.get_model("legal", "DocumentForm")
    made = {}
    for row in INSTRUMENTS:
        values = {k: v for k, v in row.items() if k != "key"}
        made[row["key"]], _ = Instrument.objects.get_or_create(
            number=row["number"], scope="national", defaults=values
        )
    for row in FORMS:
        DocumentForm.objects.get_or_create(
            kind=row["kind"],
            instrument=made[row["instrument"]],
            defaults={k: v for k, v in row.items() if k not in ("kind", "instrument")},
        )


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
