from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """Services' messages are asserted in English (the msgids)."""
    with translation.override("en"):
        yield
