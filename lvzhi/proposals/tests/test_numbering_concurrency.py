"""立案 numbers stay gapless and unique when clerks accept at the same moment (PostgreSQL row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django_scopes import scope

from lvzhi.proposals import services
from lvzhi.proposals.models import NumberCounter, Proposal
from lvzhi.proposals.tests.factories import office, proposal

CLERKS = 30


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_acceptances_get_consecutive_numbers(world):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL's row locks")
    items = [proposal(world) for _ in range(CLERKS)]
    # No counter row yet: the first acceptances also race to create the year's counter.
    assert not NumberCounter.objects.exists()
    start = threading.Barrier(CLERKS)
    clerk = office(world)

    def accept(item: Proposal) -> int:
        start.wait()
        try:
            with scope(committee=world.committee):
                return services.accept(item, actor=clerk).number
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=CLERKS) as pool:
        numbers = list(pool.map(accept, items))
    assert sorted(numbers) == list(range(1, CLERKS + 1))
    stored = sorted(Proposal.objects.values_list("number", flat=True))
    assert stored == list(range(1, CLERKS + 1))
    assert NumberCounter.objects.get().last == CLERKS


def test_numbers_run_per_year(world):
    this_year = services.accept(proposal(world), actor=office(world))
    earlier = proposal(world)
    Proposal.objects.filter(pk=earlier.pk).update(year=this_year.year - 1)
    earlier.refresh_from_db()
    assert services.accept(earlier, actor=office(world)).number == 1
    assert services.accept(proposal(world), actor=office(world)).number == 2
