from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Service messages are asserted in English (pages are checked in both languages)."""
    with translation.override("en"):
        yield
