"""What the organisation shows on the staff home: the registry at a glance and the committees below."""

from typing import Any

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import NotFound
from lvzhi.core.registry import HomeContext
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import current_term


def registry_tile(home: HomeContext) -> dict[str, Any]:
    try:
        term = current_term(home.committee)
    except NotFound:
        term = None
    return {
        "term": term,
        "counts": queries.registry_counts(home.access, term) if term else None,
        "children": queries.child_committee_rollup(home.committee),
        "can_manage": home.access.can(C.MANAGE_MEMBERS),
        "can_manage_org": home.access.can(C.MANAGE_ORG),
    }
