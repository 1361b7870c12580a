"""Member import from Excel: check every cell first, then write every row in one transaction, or none.

lvzhi.org.import_check reads and matches the rows; this module writes them in bulk, keeping the same
records the one-member services keep: tenure, lifecycle step, per-member history and one batch event.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.audit import log_event
from lvzhi.core.errors import Conflict
from lvzhi.core.models import AuditEvent, Committee, User
from lvzhi.org.import_check import Checker, ImportResult, Progress, Row, check_file, finish
from lvzhi.org.models import Member, Membership, MembershipStatus, StatusChange, Term
from lvzhi.org.services import members as services

BATCH = 500


def import_members(
    data: bytes,
    *,
    committee: Committee,
    actor: User | None,
    dry_run: bool,
    filename: str = "",
    progress: Progress | None = None,
    writing: Callable[[], None] | None = None,
) -> ImportResult:
    """Check the file; unless this is a dry run or a cell is wrong, write every row in one transaction.

    `progress(rows)` hears how many rows have been read and checked; `writing()` is called once the file is found
    sound, before the transaction (whatever it writes inside would stay invisible to others until the end)."""
    term = services.current_term(committee)
    if dry_run:
        return check_file(data, committee=committee, term=term).result
    # Parsing the cells needs no lock, so it runs before the transaction and other writers wait only for the write.
    checker = Checker(committee, term)
    checker.read(data, progress)
    if checker.result.errors:
        finish(checker)  # every problem of the file, as the dry run lists them; nothing will be written
        return checker.result
    # Spelling names in pinyin is about a sixth of the write's work; done here, it does not hold the write lock.
    spelled = {name: services.pinyin_of(name) for name in {row.get("姓名") for row in checker.rows} if name}
    if writing is not None:
        writing()
    with transaction.atomic():
        # One import per term at a time: the second waits, then matches the rows the first created.
        Term.objects.select_for_update().get(pk=term.pk)
        finish(checker)
        if not checker.result.errors:
            _write(checker, actor=actor, filename=filename, spelled=spelled)
    return checker.result


def _write(checker: Checker, *, actor: User | None, filename: str, spelled: dict[str, tuple[str, str]]) -> None:
    """`spelled`: each name of the file in pinyin (full, initials)."""
    committee, term, result = checker.committee, checker.term, checker.result
    try:
        with transaction.atomic():
            joining = [r for r in checker.rows if r.member is not None and r.membership is None]
            _update_members([r for r in checker.rows if r.member is not None], committee, actor, spelled)
            new_members = _create_members([r for r in checker.rows if r.member is None], committee, actor, spelled)
            _create_memberships(new_members + joining, committee, term, actor)
    except IntegrityError:
        # Only a concurrent write can get here: the checks above saw no clash.
        raise Conflict("import.conflict", _("导入时数据被他人同时修改，请重新检查后再导入")) from None
    log_event(
        "member.imported",
        term,
        actor=actor,
        committee=committee,
        data={"file": filename, "rows": result.rows, "created": result.created, "updated": result.updated},
    )


def _update_members(
    rows: list[Row], committee: Committee, actor: User | None, spelled: dict[str, tuple[str, str]]
) -> None:
    """What services.update_member does for one member, for many at once, with the same history entries."""
    now = timezone.now()
    member_updates: dict[tuple, list[int]] = defaultdict(list)
    membership_updates: dict[tuple, list[int]] = defaultdict(list)
    events = []
    for row in rows:
        assert row.member is not None
        changes = _apply(row.member, row.member_changes)
        if row.member_changes:
            values = dict(row.member_changes, updated_at=now)
            if "name" in values:
                values["name_pinyin"], values["name_initials"] = spelled[values["name"]]
            member_updates[_key(values)].append(row.member.pk)
        if row.membership is not None and row.membership_changes:
            changes |= {f"membership.{k}": v for k, v in _apply(row.membership, row.membership_changes).items()}
            membership_updates[_key(row.membership_changes)].append(row.membership.pk)
        if changes:
            events.append(_event("member.updated", row.member, committee, actor, {"changes": changes}))
    # Rows changing the same cells to the same values (a new employer for everyone, say) share one UPDATE;
    # Django's bulk_update would build a CASE per row and field, slower here than one query per row.
    for model, updates in ((Member, member_updates), (Membership, membership_updates)):
        for values, pks in updates.items():
            for start in range(0, len(pks), BATCH):
                model.objects.filter(pk__in=pks[start : start + BATCH]).update(**dict(values))
    AuditEvent.objects.bulk_create(events, batch_size=BATCH)


def _key(values: dict[str, Any]) -> tuple:
    return tuple(sorted(values.items()))


def _apply(obj: Member | Membership, changes: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the changed fields and return the history diff, masked and shown as update_member shows it."""
    diff = {}
    for name, value in changes.items():
        old = getattr(obj, name)
        setattr(obj, name, value)
        if name in services.SENSITIVE_FIELDS:
            diff[name] = ["***", "***"]
        else:
            diff[name] = [_shown(old), _shown(value)]
    return diff


def _shown(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if isinstance(value, Model) else value


def _event(action: str, member: Member, committee: Committee, actor: User | None, data: dict) -> AuditEvent:
    return AuditEvent(
        committee=committee,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=Member._meta.label_lower,
        object_id=str(member.pk),
        object_repr=str(member)[:200],
        data=data,
    )


def _create_members(
    rows: list[Row], committee: Committee, actor: User | None, spelled: dict[str, tuple[str, str]]
) -> list[Row]:
    for row in rows:
        data = {c.attname: v for c, v in row.values.items() if not c.on_membership}
        member = Member(committee=committee, **data)
        member.name_pinyin, member.name_initials = spelled[member.name]
        row.member = member
        row.membership_changes = {c.attname: v for c, v in row.values.items() if c.on_membership}
    Member.objects.bulk_create([r.member for r in rows], batch_size=BATCH)
    created = [_event("member.created", r.member, committee, actor, {"source": "import"}) for r in rows]
    AuditEvent.objects.bulk_create(created, batch_size=BATCH)
    return rows


def _create_memberships(rows: list[Row], committee: Committee, term: Term, actor: User | None) -> None:
    """The same tenure create_member gives one member, for many at once (增补 after the first plenary)."""
    plenary_end = datetime.date(term.start_year, 3, 31)
    memberships = []
    for row in rows:
        data = {"joined_on": datetime.date(term.start_year, 1, 1), **row.membership_changes}
        membership = Membership(committee=committee, member=row.member, term=term, **data)
        if membership.joined_on > plenary_end:
            membership.status = MembershipStatus.ADDED
            membership.status_effective_on = membership.joined_on
        memberships.append(membership)
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    StatusChange.objects.bulk_create(
        (
            StatusChange(
                committee=committee,
                membership=m,
                from_status="",
                to_status=m.status,
                effective_on=m.joined_on,
                actor=actor if actor is not None and actor.is_authenticated else None,
            )
            for m in memberships
        ),
        batch_size=BATCH,
    )
