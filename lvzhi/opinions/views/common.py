"""What the 社情民意 screens share: fetching a report the reader may see, and showing a refusal."""

from django.contrib import messages
from django.http import HttpRequest

from lvzhi.core.errors import DomainError
from lvzhi.core.permissions import get_or_404
from lvzhi.opinions.models import Opinion
from lvzhi.opinions.queries import visible_opinions

PAGE_SIZE = 30


def opinion_or_404(request: HttpRequest, pk: int) -> Opinion:
    return get_or_404(visible_opinions(request.access).select_related("station", "officer", "bulletin"), pk=pk)


def refuse(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, exc.message)


def timeline(opinion: Opinion) -> list:
    return list(opinion.events.select_related("actor"))
