"""The activities API (API.md "Activities and meetings"): one router, split by use case."""

from ninja import Router

from lvzhi.activities.api import importing, lifecycle, participation, rules

router = Router(tags=["activities"])
router.add_router("", importing.router)
router.add_router("", lifecycle.router)
router.add_router("", participation.router)
router.add_router("", rules.router)
