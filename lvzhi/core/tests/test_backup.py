"""`manage.py backup` and `manage.py restore`: back up, change data, restore, and find exactly the backed-up state.

On SQLite (the default) against a file database; on PostgreSQL through pg_dump/pg_restore when installed."""

import io
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from lvzhi.activities.models import Activity
from lvzhi.core.capabilities import Role
from lvzhi.org.models import Member
from lvzhi.testing import make_activity, make_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def file_db(file_db, settings, tmp_path):
    """The file database, recorded as fully migrated like a deployed one (test databases are built from the models
    with --nomigrations, which also hides the migrations: show them again as the project configures them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                # This worker's test database is its own: another session on it is a browser test's live server
                # thread, which a restore rightly refuses to run beside. The SQLite run always covers the round trip.
                pytest.skip("a live server of an earlier browser test still holds a connection to this database")
    settings.MIGRATION_MODULES = {}
    settings.VAR_DIR = tmp_path  # where serving processes take the server lock
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
        recorder.record_applied(app, name)
    return file_db


def state() -> str:
    out = io.StringIO()
    call_command("dumpdata", "core", "org", "activities", "planning", stdout=out)
    return out.getvalue()


def change_everything(world) -> None:
    Member.objects.filter(pk=world.member.pk).update(name="改过的名字")
    make_member(world, "恢复后不该存在")
    Activity.objects.all().delete()


def live_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def test_backup_change_restore_gives_back_exactly_the_backed_up_state(world, file_db, tmp_path):
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump/pg_restore are not installed")
    make_activity(world, title="备份前的活动")
    before = state()
    target = tmp_path / "lvzhi.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    assert target.stat().st_size > 0
    change_everything(world)
    assert state() != before
    if connection.vendor == "sqlite":
        _leave_a_stale_write_ahead_log()
    out = io.StringIO()
    call_command("restore", str(target), yes=True, stdout=out)
    assert "完整性检查通过" in out.getvalue()
    assert state() == before
    assert Member.objects.get(pk=world.member.pk).name == world.member.name


def _leave_a_stale_write_ahead_log() -> None:
    """What a hand copy of a backup meets: -wal/-shm files holding changes newer than the backup."""
    live = live_path()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_user SET first_name = 'stale' WHERE id = (SELECT min(id) FROM core_user)")
    wal, shm = Path(f"{live}-wal"), Path(f"{live}-shm")
    assert wal.exists()
    saved = {path: path.read_bytes() for path in (wal, shm)}
    connection.close()  # checkpoints: the last connection folds the log into the file and deletes it
    for path, content in saved.items():
        path.write_bytes(content)


def test_the_kept_database_and_the_restored_one_pass_the_integrity_check(world, file_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the replaced database is kept beside it on SQLite only")
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(target), yes=True, stdout=out)
    kept = next(live_path().parent.glob(f"{live_path().name}.before-restore-*"))
    for path in (kept, live_path()):
        assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert str(kept) in out.getvalue()


def test_restore_refuses_while_another_process_has_the_database_open(world, file_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's refusal counts sessions instead; see the next test")
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target), stdout=io.StringIO())
    Member.objects.filter(pk=world.member.pk).update(name="服务仍在运行时的改动")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('select 1'); print('open', flush=True); time.sleep(60)",
            str(live_path()),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(CommandError, match=f"数据库正被其他进程使用（进程号 {holder.pid}"):
            call_command("restore", str(target), yes=True)
    finally:
        holder.kill()
        holder.wait()
    assert Member.objects.get(pk=world.member.pk).name == "服务仍在运行时的改动"


SERVING = {
    "the WSGI application": "import lvzhi.wsgi",
    "the task worker": "import sys; sys.argv = ['manage.py', 'db_worker']; import django; django.setup()",
}


@pytest.mark.parametrize("server", SERVING)
def test_restore_refuses_while_a_server_runs_even_between_requests(world, file_db, tmp_path, server):
    """A server keeps no database connection between requests; its server lock still shows it is running."""
    target = tmp_path / "b.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    env = {**os.environ, "LVZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lvzhi.settings"}
    code = f"{SERVING[server]}; print('serving', flush=True); import time; time.sleep(60)"
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout.readline().strip() == "serving"
        with pytest.raises(CommandError, match="服务或后台任务进程正在运行"):
            call_command("restore", str(target), yes=True)
    finally:
        process.kill()
        process.wait()
    call_command("restore", str(target), yes=True, stdout=io.StringIO())  # stopped: now it may


def test_restore_refuses_a_broken_file_and_a_backup_from_newer_code(world, file_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("checks of a SQLite backup file")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000)
    with pytest.raises(CommandError, match=r"不是有效的 SQLite 数据库|完整性检查未通过"):
        call_command("restore", str(broken), yes=True)
    newer = tmp_path / "newer.sqlite3"
    call_command("backup", str(newer), stdout=io.StringIO())
    with sqlite3.connect(newer) as db:
        db.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('core', '9999_future', '2030-01-01')")
    with pytest.raises(CommandError, match="备份来自更新版本的程序"):
        call_command("restore", str(newer), yes=True)
    assert Member.objects.filter(pk=world.member.pk).exists()


def test_an_older_backup_is_restored_and_names_the_migrations_to_run(world, file_db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("edits a SQLite backup file")
    older = tmp_path / "older.sqlite3"
    call_command("backup", str(older), stdout=io.StringIO())
    with sqlite3.connect(older) as db:
        db.execute("DELETE FROM django_migrations WHERE app = 'core' AND name = '0006_login_throttle'")
    out = io.StringIO()
    call_command("restore", str(older), yes=True, stdout=out)
    assert "还缺 1 个迁移：请运行 manage.py migrate" in out.getvalue()


def test_restore_asks_before_overwriting(world, file_db, tmp_path, monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("one database is enough for the prompt")
    target = tmp_path / "b.sqlite3"
    call_command("backup", str(target), stdout=io.StringIO())
    Member.objects.filter(pk=world.member.pk).update(name="没有确认")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(target))
    assert Member.objects.get(pk=world.member.pk).name == "没有确认"


def test_postgres_restore_refuses_while_other_sessions_are_connected(world, file_db, tmp_path):
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        pytest.skip("needs PostgreSQL and pg_dump")
    import psycopg

    target = tmp_path / "b.dump"
    call_command("backup", str(target), stdout=io.StringIO())
    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
    )
    try:
        time.sleep(0.1)
        with pytest.raises(CommandError, match="其他连接"):
            call_command("restore", str(target), yes=True)
    finally:
        other.close()
    assert world.users[Role.ADMIN].pk
