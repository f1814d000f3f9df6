import datetime as dt
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone


def _store(key=None):
    return import_module(settings.SESSION_ENGINE).SessionStore(key)


def test_a_saved_session_reads_back_in_one_query(db, django_assert_num_queries):
    store = _store()
    store["answer"] = 42
    store.create()
    with django_assert_num_queries(1):
        assert _store(store.session_key)["answer"] == 42


def test_an_expired_or_unknown_session_reads_empty_and_gets_a_new_key(db):
    store = _store()
    store["answer"] = 42
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    expired = _store(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = _store("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None
