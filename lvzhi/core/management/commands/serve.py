"""`make run`: granian serving the app and the background-task worker beside it, stopped together by Ctrl+C.

A deployment runs the two as separate services instead (docs/deploy.md §6).
"""

import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

STOP_SECONDS = 15  # a worker finishes the task in hand before it exits


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve with granian and run the task worker (db_worker) beside it; Ctrl+C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="granian worker processes")

    def handle(self, *, host: str, port: int, workers: int, **options: object) -> None:
        server = [
            str(Path(sys.executable).with_name("granian")),
            *("--interface", "wsgi", "lvzhi.wsgi:application", "--host", host, "--port", str(port)),
            *("--workers", str(workers), "--blocking-threads", "1", "--log-level", "warning"),
            *("--static-path-route", settings.STATIC_URL.rstrip("/"), "--static-path-mount", str(settings.STATIC_ROOT)),
        ]
        worker = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker", "--no-startup-delay"]
        # Each child in its own session: Ctrl+C reaches only this process, which then stops each child once,
        # so the worker shuts down gracefully instead of being interrupted twice mid-task.
        children = {
            name: subprocess.Popen(cmd, start_new_session=True)
            for name, cmd in [("db_worker", worker), ("granian", server)]
        }
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGHUP, _stop)
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            # Stopping takes at most STOP_SECONDS; a second Ctrl+C must not leave the children running.
            for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            for child in children.values():
                try:
                    child.wait(timeout=STOP_SECONDS)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        failed = [name for name, child in children.items() if child.returncode not in (0, -signal.SIGTERM)]
        if failed:
            raise CommandError(_("%(names)s 意外退出，服务已停止") % {"names": "、".join(failed)})
