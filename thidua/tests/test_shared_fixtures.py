"""The fixtures that several tests share (thidua/testshared.py, thidua/conftest.py): what one
test changes never reaches the next, and the tests after them find an empty database. The tests
run in the order written (pytest keeps a module's order; the readers of the demo stay together).
"""

from __future__ import annotations

import pytest

from thidua.news.models import Post
from thidua.orgs.models import Organisation, Province

pytestmark = pytest.mark.django_db


def test_a_reader_of_the_shared_demo_removes_its_posts(demo_data):
    assert Post.objects.exists()
    Post.objects.all().delete()
    assert not Post.objects.exists()


def test_the_next_reader_finds_the_demo_as_loaded(demo_data):
    assert Post.objects.count() == 3


def test_a_test_that_does_not_read_the_demo_finds_an_empty_database(db):
    assert not Organisation.objects.exists() and not Post.objects.exists()


@pytest.fixture
def cast(cast_of_the_module):
    return cast_of_the_module


def test_a_test_of_the_module_cast_renames_its_province(cast):
    cast.province.name = "Renamed"
    cast.province.save()
    assert Province.objects.get(pk=cast.province.pk).name == "Renamed"


def test_the_next_test_finds_the_module_cast_as_made_in_the_database_and_in_memory(cast):
    assert cast.province.name == "Bình Thuận"
    assert Province.objects.get(pk=cast.province.pk).name == "Bình Thuận"
