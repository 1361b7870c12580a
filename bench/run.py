"""Run every benchmark and print its figures (`make bench`). Benchmarks report; they never assert timing.

Add a benchmark by writing bench/<name>.py (see member_list.py) and adding its file name to SCRIPTS.
pages.py and rush.py serve the app over HTTP (bench/served.py, port BENCH_PORT); activities_signup.py and
activities_checkin.py measure the same rushes at the service level and are run by hand.
The scripts share one scratch database (BENCH_VAR_DIR), so the 5,000-member committee is built once.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

SCRIPTS = [
    "pages.py",
    "rush.py",
    "member_list.py",
    "member_import.py",
    "mailbox_flood.py",
    "activities_signup.py",
    "activities_checkin.py",
    "proposals_similar.py",
    "assessment_scores.py",
    "archive_pdf.py",
]


def main() -> int:
    var_dir = tempfile.mkdtemp(prefix="lvzhi-bench-")
    env = {**os.environ, "BENCH_VAR_DIR": var_dir}
    failed = []
    try:
        started = time.perf_counter()
        scale = subprocess.run([sys.executable, str(BENCH / "scale.py")], env=env, check=False)
        if scale.returncode:
            return scale.returncode
        print(f"(scale data ready in {time.perf_counter() - started:.0f} s)\n", flush=True)
        for script in SCRIPTS:
            print(f"== {script}", flush=True)
            if subprocess.run([sys.executable, str(BENCH / script)], env=env, check=False).returncode:
                failed.append(script)
            print(flush=True)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
