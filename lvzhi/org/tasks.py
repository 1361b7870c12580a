"""Background work of the registry: the directory export (a 5,000-member workbook takes seconds to write)."""

import logging
from collections.abc import Iterable, Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.models import User
from lvzhi.core.tenancy import access_for
from lvzhi.org.export import directory_workbook
from lvzhi.org.models import DirectoryExport, Membership
from lvzhi.org.queries import members as queries
from lvzhi.org.services.members import current_term

log = logging.getLogger(__name__)
PROGRESS_EVERY = 250  # rows between progress updates: often enough for the bar, rare enough to cost nothing


def start_directory_export(*, committee: object, user: User, filters: dict[str, str], filename: str) -> DirectoryExport:
    """Record the request and queue the work once the record is committed (the worker is another process)."""
    job = DirectoryExport.objects.create(committee=committee, requested_by=user, filters=filters, filename=filename)
    transaction.on_commit(lambda: write_directory_export.enqueue(job.pk))
    return job


def _counting(rows: Iterable[Membership], job: DirectoryExport) -> Iterator[Membership]:
    for n, row in enumerate(rows, start=1):
        if n % PROGRESS_EVERY == 0:
            DirectoryExport.objects.filter(pk=job.pk).update(done=n)
        yield row


@task()
def write_directory_export(job_id: int) -> None:
    """Write the workbook the requester would have downloaded, with their filters and their view of the members."""
    with scopes_disabled():
        job = DirectoryExport.objects.select_related("committee", "requested_by").get(pk=job_id)
    with scope(committee=job.committee):
        try:
            access = access_for(job.requested_by, job.committee)
            rows = queries.directory(
                access, current_term(job.committee), queries.DirectoryFilter.from_params(job.filters)
            )
            total = rows.count()
            DirectoryExport.objects.filter(pk=job.pk).update(status=DirectoryExport.Status.RUNNING, total=total)
            body = directory_workbook(
                _counting(rows.iterator(chunk_size=500), job), include_sensitive=access.can(C.VIEW_SENSITIVE)
            )
            job.file.save(f"directory-{job.pk}.xlsx", ContentFile(body), save=False)
            DirectoryExport.objects.filter(pk=job.pk).update(
                file=job.file.name, done=total, status=DirectoryExport.Status.DONE, finished_at=timezone.now()
            )
        except Exception:
            log.exception("directory export %s failed", job_id)
            DirectoryExport.objects.filter(pk=job.pk).update(
                status=DirectoryExport.Status.FAILED, finished_at=timezone.now()
            )
            raise
