from thidua.activities.tests.builders import jpeg_bytes, make_activity, make_photo, upload
from thidua.tests.access_matrix import MEMBERS, Route

BOARD = frozenset({"board"})
READERS = MEMBERS | BOARD
WRITERS = BOARD | {"head_rep"}


def _cycle(cast):
    return {"cycle_pk": cast.cycle.pk}


def _activity(cast):
    return {"pk": make_activity(cast).pk}


def _photo(cast):
    photo = make_photo(cast)
    return {"pk": photo.activity_id, "photo_pk": photo.pk}


ROUTES = [
    Route("activities:activity_list", kwargs=_cycle, allowed=READERS),
    Route("activities:activity_create", kwargs=_cycle, allowed=WRITERS),
    Route("activities:participation", kwargs=_cycle, allowed=READERS),
    Route("activities:participation_xlsx", kwargs=_cycle, allowed=READERS),
    # The cycle is not self-assessing: the page explains, the POST is refused in the form.
    Route("activities:feed_criteria", kwargs=_cycle, allowed=WRITERS),
    Route("activities:activity_detail", kwargs=_activity, allowed=READERS),
    # The activity is hosted by the head unit: its people and the Board edit it.
    Route("activities:activity_edit", kwargs=_activity, allowed=WRITERS),
    Route(
        "activities:photo_add",
        kwargs=_activity,
        allowed=WRITERS,
        method="post",
        data=lambda c: {"image": upload(jpeg_bytes()), "caption": "Ảnh"},
    ),
    Route("activities:photo_file", kwargs=_photo, allowed=READERS),
    Route("activities:photo_remove", kwargs=_photo, allowed=WRITERS, method="post"),
]
