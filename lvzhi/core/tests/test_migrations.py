"""The test database is built straight from the models (`--nomigrations` in pyproject.toml spares every xdist
worker seconds of migrating), so this checks that the migrations describe those same models."""

import os
from importlib import import_module
from io import StringIO

from django.core.management import call_command
from django.test import override_settings


def test_the_migrations_describe_every_model_change(db):
    # --nomigrations hides every app's migrations for the session; look at them as the project configures them.
    project_settings = import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    out = StringIO()
    with override_settings(MIGRATION_MODULES=getattr(project_settings, "MIGRATION_MODULES", {})):
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
        except SystemExit:  # --check exits non-zero when a model change has no migration yet
            raise AssertionError(f"a model change has no migration (run makemigrations):\n{out.getvalue()}") from None
