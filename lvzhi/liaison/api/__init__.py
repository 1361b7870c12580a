"""The liaison API: the public mailbox (no account) and letters for the office, members and handling units."""

from ninja import Router

from lvzhi.liaison.api import contacts, letters, public, stations, visits

router = Router(tags=["mailbox"])
router.add_router("", public.router)
router.add_router("", letters.router)
router.add_router("", contacts.router)
router.add_router("", visits.router)
router.add_router("", stations.router)
