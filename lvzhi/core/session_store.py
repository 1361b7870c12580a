"""Database sessions read with one written-out query (lvzhi.core.hotpath): every signed-in request loads one."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from lvzhi.core import hotpath


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict:
        key = self.session_key
        data = None
        if key:
            table = self.model._meta.db_table
            now = hotpath.db_datetime(self.model, timezone.now())
            data = hotpath.scalar(
                self.model,
                f'SELECT session_data FROM "{table}" WHERE session_key = %s AND expire_date > %s',
                [key, now],
            )
        if data is None:
            self._session_key = None
            return {}
        return self.decode(data)
