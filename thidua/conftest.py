import pytest

from thidua.core.testing import Cast, make_cast


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()
