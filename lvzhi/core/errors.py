"""Domain errors: a stable dotted code, a message for people, and the HTTP status the API maps it to."""

from typing import Any


class DomainError(Exception):
    status = 400

    def __init__(
        self, code: str, message: Any, *, fields: dict[str, list[str]] | None = None, status: int | None = None
    ):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.fields = fields
        if status is not None:
            self.status = status


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Unprocessable(DomainError):
    status = 422
