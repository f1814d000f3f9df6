from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """The API answers in Vietnamese unless asked; these tests ask in English where they read a
    message, and services called directly speak English too."""
    with translation.override("en"):
        yield
