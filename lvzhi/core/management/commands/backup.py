"""`manage.py backup [PATH]`: a consistent copy of the database, safe while the server runs (docs/deploy.md §8)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lvzhi.core import backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup API; pg_dump on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it (default: $LVZHI_VAR_DIR/backups/…)")

    def handle(self, *, path: str | None, **options: object) -> None:
        target = Path(path) if path else backup.default_path(Path(settings.VAR_DIR))
        try:
            written = backup.backup(target)
        except backup.BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(_("已备份到 %(p)s") % {"p": written})
