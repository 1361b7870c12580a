"""Logging filters referenced from settings.LOGGING."""

import logging


class ServerErrorsOnly(logging.Filter):
    """Keep django.request records of 5xx responses only: a 403 or 404 is an expected answer, and logging each
    one with its traceback at WARNING buried the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", 500) >= 500
