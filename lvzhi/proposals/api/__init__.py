"""The proposals API (API.md "Proposals"): one router, split by use case."""

from ninja import Router

from lvzhi.proposals.api import collective, drafting, handling, honours, review, speeches, supervision

router = Router(tags=["proposals"])
# honours and supervision first: their fixed paths (/proposals/honours, /proposals/stats) before /proposals/{id}.
router.add_router("", honours.router)
router.add_router("", supervision.router)
router.add_router("", drafting.router)
router.add_router("", review.router)
router.add_router("", handling.router)
router.add_router("", collective.router)
router.add_router("", speeches.router)
