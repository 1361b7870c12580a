"""The notices app's JSON API: one router, its endpoints grouped by use case."""

from ninja import Router

from lvzhi.notices.api import notices, showcase, study, topics

router = Router(tags=["notices"])
router.add_router("", notices.router)
router.add_router("", study.router)
router.add_router("", topics.router)
router.add_router("", showcase.router)
