"""Background work of the registry: the directory export and the member import (5,000 rows take seconds each)."""

import logging
from collections.abc import Iterable, Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks import task

from lvzhi.core.capabilities import Capability as C
from lvzhi.core.errors import DomainError
from lvzhi.core.models import Committee, User
from lvzhi.core.tenancy import access_for
from lvzhi.org import importer
from lvzhi.org.export import directory_workbook
from lvzhi.org.models import DirectoryExport, MemberImport, Membership
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


def start_member_import(*, committee: Committee, user: User, data: bytes, filename: str, rows: int) -> MemberImport:
    """Keep a checked file with its job and queue the write once the job is committed; `rows` is the checked count."""
    job = MemberImport(committee=committee, requested_by=user, filename=filename[:200], total=rows)
    job.file.save("import.xlsx", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(lambda: run_member_import.enqueue(job.pk))
    return job


def _report(job_id: int, **fields: object) -> None:
    MemberImport.objects.filter(pk=job_id).update(**fields)


@task()
def run_member_import(job_id: int) -> None:
    """Check the file again (the registry may have changed since the upload) and write every row or none."""
    with scopes_disabled():
        job = MemberImport.objects.select_related("committee", "requested_by").get(pk=job_id)
    with scope(committee=job.committee):
        try:
            _report(job.pk, status=MemberImport.Status.CHECKING)
            with job.file.open("rb") as stored:
                data = stored.read()
            result = importer.import_members(
                data,
                committee=job.committee,
                actor=job.requested_by,
                dry_run=False,
                filename=job.filename,
                progress=lambda rows: _report(job.pk, done=rows),
                writing=lambda: _report(job.pk, status=MemberImport.Status.WRITING),
            )
            status = MemberImport.Status.INVALID if result.errors else MemberImport.Status.DONE
            _report(
                job.pk,
                status=status,
                total=result.rows,
                done=result.rows,
                created=result.created,
                updated=result.updated,
                errors=[{**e.as_dict(), "problem": e.problem} for e in result.errors],
                finished_at=timezone.now(),
            )
        except DomainError as exc:  # no current term any more, or a concurrent write clashed: nothing was written
            _report(job.pk, status=MemberImport.Status.FAILED, message=exc.message, finished_at=timezone.now())
        except Exception:
            log.exception("member import %s failed", job_id)
            _report(job.pk, status=MemberImport.Status.FAILED, finished_at=timezone.now())
            raise
        finally:
            # The file holds ID numbers and addresses: it is kept only as long as the work needs it.
            job.file.delete(save=False)
            _report(job.pk, file="")
