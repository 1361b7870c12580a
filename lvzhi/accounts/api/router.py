"""The accounts API's one router: tokens, /me, committees, and the committee's users and roles."""

from ninja import Router

router = Router(tags=["identity"])
