"""Zero overbooking and zero duplicate check-ins on the SQLite default, as on PostgreSQL (test_registration.py,
test_checkin.py): 200 members race for 50 places and 100 members scan the venue code twice at the same moment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif("sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="the SQLite default only")
def test_sign_up_and_check_in_races_on_a_sqlite_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env |= {"LVZHI_VAR_DIR": str(tmp_path), "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    env |= {
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SMS_BACKEND": "lvzhi.core.sms.MemorySmsBackend",
    }
    done = subprocess.run(
        [sys.executable, "-m", "lvzhi.activities.tests.race_sqlite"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["sign_up_outcomes"] == {
        "confirmed": 50,
        "waitlisted": 150,
    }  # nothing failed, "database is locked" included
    assert (found["confirmed"], found["waitlisted"], found["positions"]) == (50, 150, True)
    assert found["check_in_outcomes"] == {"new": 100, "repeat": 100}
    assert found["check_ins"] == found["members_checked_in"] == 100
