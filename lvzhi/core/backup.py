"""Backing up and restoring the database (`manage.py backup`, `manage.py restore`; docs/deploy.md §8).

Every serving process (the WSGI application, the task worker) holds a shared lock on `$LVZHI_VAR_DIR/server.lock`
for its lifetime, since between requests a server keeps no database connection open; a restore stops while anyone
holds it. SQLite: the backup is SQLite's online backup API (a consistent copy while the server writes). A restore
also stops when any other process has the database open, keeps the database it replaces, removes the -wal and -shm files
left beside it (a stale write-ahead log would otherwise replay newer changes onto the restored copy, and the
integrity check would still say "ok"), and checks the result's integrity and migrations.

PostgreSQL: pg_dump's custom format and pg_restore, refused while other sessions use the database.
"""

import fcntl
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from lvzhi.core.errors import DomainError


class BackupError(DomainError):
    pass


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # the replaced database, kept beside it (SQLite)
    unapplied: list[str]  # migrations the code has and the backup lacks: run `manage.py migrate`


def default_path(var_dir: Path) -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return var_dir / "backups" / f"lvzhi-{timezone.localtime():%Y%m%d-%H%M%S}.{suffix}"


def backup(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        return _sqlite_backup(Path(connection.settings_dict["NAME"]), target)
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"])
        return target
    raise BackupError("backup.unsupported", _("不支持此数据库的备份：%(v)s") % {"v": connection.vendor})


def restore(source: Path) -> Restored:
    if not source.is_file():
        raise BackupError("backup.missing", _("备份文件不存在：%(p)s") % {"p": source})
    _refuse_while_serving()
    if connection.vendor == "sqlite":
        return _sqlite_restore(source, Path(connection.settings_dict["NAME"]))
    if connection.vendor == "postgresql":
        return _postgres_restore(source)
    raise BackupError("backup.unsupported", _("不支持此数据库的恢复：%(v)s") % {"v": connection.vendor})


# The server lock ---------------------------------------------------------------------------------

_held: list[Any] = []  # this process's open lock file, kept for its lifetime


def server_lock_path() -> Path:
    return Path(settings.VAR_DIR) / "server.lock"


def hold_server_lock() -> None:
    """Mark this process as serving until it exits (a shared lock: many workers hold it together)."""
    path = server_lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a")  # noqa: SIM115 - held open for the process's lifetime on purpose
    fcntl.flock(handle, fcntl.LOCK_SH)
    _held.append(handle)


def _refuse_while_serving() -> None:
    path = server_lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError("backup.in_use", _("服务或后台任务进程正在运行。请先停止它们，再恢复。")) from None
        fcntl.flock(handle, fcntl.LOCK_UN)


# SQLite ------------------------------------------------------------------------------------------


def _sqlite_backup(live: Path, target: Path) -> Path:
    source = sqlite3.connect(live)
    partial = target.with_name(target.name + ".partial")
    try:
        destination = sqlite3.connect(partial)
        with destination:
            source.backup(destination)
        # One self-contained file: the copy takes the live database's WAL mode, which would leave -wal/-shm files
        # beside it (the app switches WAL back on when it opens the restored database).
        destination.execute("PRAGMA journal_mode=DELETE")
        destination.close()
    finally:
        source.close()
    _check_integrity(partial)
    partial.replace(target)
    return target


def _sqlite_restore(source: Path, live: Path) -> Restored:
    _check_integrity(source)
    unapplied = _unapplied_migrations(_sqlite_applied(source))
    connection.close()
    holders = processes_using(live)
    if holders:
        raise BackupError(
            "backup.in_use",
            _("数据库正被其他进程使用（进程号 %(pids)s）。请先停止服务和后台任务进程，再恢复。")
            % {"pids": "、".join(str(pid) for pid in holders)},
        )
    kept = None
    if live.exists():
        kept = live.with_name(f"{live.name}.before-restore-{timezone.localtime():%Y%m%d-%H%M%S}")
        _sqlite_backup(live, kept)
    incoming = live.with_name(live.name + ".restoring")
    _sqlite_backup(source, incoming)
    for stale in (Path(f"{live}-wal"), Path(f"{live}-shm"), Path(f"{live}-journal")):
        stale.unlink(missing_ok=True)
    incoming.replace(live)
    _check_integrity(live)
    return Restored(kept=kept, unapplied=unapplied)


def _check_integrity(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            "backup.corrupt", _("%(p)s 不是有效的 SQLite 数据库：%(e)s") % {"p": path, "e": exc}
        ) from None
    if result != "ok":
        raise BackupError("backup.corrupt", _("%(p)s 完整性检查未通过：%(r)s") % {"p": path, "r": result})


def _sqlite_applied(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        try:
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
        except sqlite3.OperationalError:
            raise BackupError("backup.not_lvzhi", _("%(p)s 不是本系统的数据库备份") % {"p": path}) from None
    db.close()
    return set(rows)


def processes_using(path: Path) -> list[int]:
    """Other processes with the database (or its -wal/-shm) open, found through /proc (Linux)."""
    names = {str(path.resolve()), f"{path.resolve()}-wal", f"{path.resolve()}-shm"}
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in names for fd in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except OSError:
            continue  # gone, or not ours to look at
    return sorted(found)


# PostgreSQL --------------------------------------------------------------------------------------


def _postgres_restore(source: Path) -> Restored:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchone()[0]
    if others:
        raise BackupError(
            "backup.in_use",
            _("数据库还有 %(n)s 个其他连接。请先停止服务和后台任务进程，再恢复。") % {"n": others},
        )
    connection.close()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", str(source)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        applied = set(cursor.fetchall())
    return Restored(kept=None, unapplied=_unapplied_migrations(applied))


def _run(command: list[str]) -> None:
    """Run a PostgreSQL client tool against the configured database (credentials through its environment)."""
    if shutil.which(command[0]) is None:
        raise BackupError("backup.no_tool", _("找不到 %(t)s，请安装 PostgreSQL 客户端工具") % {"t": command[0]})
    settings_dict: dict[str, Any] = connection.settings_dict
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if command[0] == "pg_restore":
        command = [*command[:-1], f"--dbname={settings_dict['NAME']}", command[-1]]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BackupError("backup.tool_failed", f"{command[0]}: {completed.stderr.strip()[-2000:]}")


# Migrations --------------------------------------------------------------------------------------


def _unapplied_migrations(applied: Iterable[tuple[str, str]]) -> list[str]:
    """Migrations the code has and the backup lacks; a backup from newer code (unknown migrations) is refused."""
    applied = set(applied)
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    ours = {app for app, _ in known}
    unknown = sorted(f"{app}.{name}" for app, name in applied if app in ours and (app, name) not in known)
    if unknown:
        raise BackupError(
            "backup.newer",
            _("备份来自更新版本的程序（含本程序没有的迁移：%(m)s），请用相应版本恢复") % {"m": "、".join(unknown[:5])},
        )
    return sorted(f"{app}.{name}" for app, name in known - applied)
