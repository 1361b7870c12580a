"""The proposals API (API.md "Proposals"): one router, split by use case."""

from ninja import Router

from lvzhi.proposals.api import collective, drafting, handling, review, speeches, supervision

router = Router(tags=["proposals"])
# supervision first: its fixed paths (/proposals/overdue, /proposals/stats) before drafting's /proposals/{id}.
router.add_router("", supervision.router)
router.add_router("", drafting.router)
router.add_router("", review.router)
router.add_router("", handling.router)
router.add_router("", collective.router)
router.add_router("", speeches.router)
