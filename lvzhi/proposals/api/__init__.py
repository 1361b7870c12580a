"""The proposals API (API.md "Proposals"): one router, split by use case."""

from ninja import Router

from lvzhi.proposals.api import drafting, handling, review

router = Router(tags=["proposals"])
router.add_router("", drafting.router)
router.add_router("", review.router)
router.add_router("", handling.router)
