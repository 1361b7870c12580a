"""Text messages (短信). settings.SMS_BACKEND names the class; a deployment plugs in its carrier's gateway.

A backend takes a batch of messages and returns how many it sent, like Django's e-mail backends.
"""

import abc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, TextIO

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    text: str


class BaseSmsBackend(abc.ABC):
    @abc.abstractmethod
    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        """Send the batch; return how many were accepted."""


class ConsoleSmsBackend(BaseSmsBackend):
    """Prints each message: the embedded default and development (no gateway on a bare machine)."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stdout

    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        for message in messages:
            self.stream.write(f"[SMS to {message.to}] {message.text}\n")
        self.stream.flush()
        return len(messages)


class MemorySmsBackend(BaseSmsBackend):
    """Keeps messages in `MemorySmsBackend.outbox` for tests, as Django's locmem e-mail backend does."""

    outbox: ClassVar[list[SmsMessage]] = []

    def send_messages(self, messages: Sequence[SmsMessage]) -> int:
        MemorySmsBackend.outbox.extend(messages)
        return len(messages)


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(messages: Sequence[SmsMessage]) -> int:
    if not messages:
        return 0
    return get_backend().send_messages(messages)
