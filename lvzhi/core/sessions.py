"""A sliding session without a write on every page view.

SESSION_SAVE_EVERY_REQUEST made each read a write (on SQLite a `BEGIN IMMEDIATE` queueing every page view of
every worker on one lock). Instead a signed-in session is saved again, pushing its expiry back by
SESSION_COOKIE_AGE, only when it was last refreshed more than SESSION_REFRESH_SECONDS ago: an active user still
stays signed in, and expiry comes at most that many seconds earlier than with a save on every request.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY as USER_KEY
from django.http import HttpRequest, HttpResponse

REFRESHED_KEY = "_refreshed"


class SlidingSessionMiddleware:
    """Sits below SessionMiddleware, so the session it marks modified is saved on the way out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request already read (a signed-in browser): API token requests never load one.
        if session is None or not session.accessed or USER_KEY not in session:
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now
        return response
