"""Who may open the legal-basis pages (see thidua/tests/access_matrix.py): the Board only."""

import importlib

from django.apps import apps

from thidua.legal.models import DocumentForm, Instrument
from thidua.tests.access_matrix import Route

BOARD = frozenset({"board"})


def seeded() -> None:
    """The national instruments and forms the data migration seeds. Tests on a live server
    (transactional) flush every table, the seed included: put it back when it is gone."""
    if not Instrument.objects.exists():
        seed = importlib.import_module("thidua.legal.migrations.0002_national_instruments")
        seed.seed(apps, None)


def _instrument(cast):
    seeded()
    return {"pk": Instrument.objects.get(number="98/2023/NĐ-CP").pk}


def _open_instrument(cast):
    seeded()
    return {"pk": Instrument.objects.get(number="152/2025/NĐ-CP").pk}


def _form(cast):
    seeded()
    return {"pk": DocumentForm.objects.filter(kind="to_trinh").order_by("pk").first().pk}


ROUTES = [
    Route("legal:instrument_list", allowed=BOARD),
    Route("legal:instrument_create", allowed=BOARD),
    Route("legal:instrument_edit", kwargs=_instrument, allowed=BOARD),
    Route("legal:instrument_end", kwargs=_open_instrument, allowed=BOARD),
    Route("legal:form_edit", kwargs=_form, allowed=BOARD),
]
