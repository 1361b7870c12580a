"""Lvzhi served as `make run` serves it (manage.py serve: granian, 2 workers, the task worker beside it),
on the scratch database of the benchmarks, for benchmarks that go through HTTP.

The bare Django reference and wrk come from the shared page-ratio tool (PAGE_RATIO, by default
../shared/perf/page_ratio.py beside the checkout), so the ratios printed here are the ones it prints.
"""

import importlib.util
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import scale

PORT = int(os.environ.get("BENCH_PORT", "8101"))


def page_ratio() -> ModuleType:
    """The shared tool as a module: its bare reference, wrk runner and login helpers."""
    default = scale.ROOT.parent / "shared" / "perf" / "page_ratio.py"
    path = Path(os.environ.get("PAGE_RATIO", default))
    if not path.exists():
        sys.exit(f"page_ratio.py not found at {path}; set PAGE_RATIO")
    spec = importlib.util.spec_from_file_location("page_ratio", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def python() -> str:
    """The project's Python (it has granian); the current one when there is no .venv."""
    venv = scale.ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


@contextmanager
def server(port: int = PORT, workers: int = 2) -> Iterator[str]:
    """Serve the scratch database (scale.setup() ran first) on `port`; yields the base URL."""
    from django.conf import settings

    # granian mounts the static folder and refuses to start without one; the benchmarks never ask for a file.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SMS_BACKEND": "lvzhi.core.sms.MemorySmsBackend",
        "LOG_LEVEL": "ERROR",
    }
    command = [python(), str(scale.ROOT / "manage.py"), "serve", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, cwd=scale.ROOT, start_new_session=True, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url + "/login/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    sys.exit(f"the server on port {port} stopped (is the port in use?)")
                time.sleep(0.2)
        else:
            sys.exit(f"the server on port {port} did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
