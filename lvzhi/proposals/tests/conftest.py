import pytest

from lvzhi.proposals import similarity


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    # Each process keeps its committees' indexes in memory, and tests reuse committee ids after rolling back:
    # each test starts with none, so another test's proposals never rank in its searches.
    similarity._indexes.clear()
    yield
    similarity._indexes.clear()
