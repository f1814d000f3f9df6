from PIL import Image

from thidua.activities.models import Activity, ActivityKind
from thidua.activities.selectors import participation
from thidua.cycles.models import Cycle
from thidua.demo.data import DEMO_MARK


def test_the_demo_2024_cycle_has_the_seminar_an_exchange_and_the_mid_year_review(demo_data):
    cycle = Cycle.objects.get(year=2024, block__name="Khối thi đua 8")
    activities = Activity.objects.filter(cycle=cycle)
    kinds = set(activities.values_list("kind", flat=True))
    assert kinds == {ActivityKind.SEMINAR, ActivityKind.EXCHANGE, ActivityKind.MID_YEAR}
    seminar = activities.get(kind=ActivityKind.SEMINAR)
    assert seminar.title == "Vì người nghèo – Không để ai bỏ lại phía sau"
    assert DEMO_MARK not in seminar.report  # quoted by documents: no demo marker
    photo = seminar.photos.first()
    assert DEMO_MARK not in photo.caption  # the drawing itself says it is an illustration
    with Image.open(photo.image.open("rb")) as image:
        assert image.format == "JPEG"
    counts = participation(cycle).counts()
    assert len(counts) == 12 and max(counts.values()) == 3
    assert not Activity.objects.filter(cycle__year=2025).exists()
