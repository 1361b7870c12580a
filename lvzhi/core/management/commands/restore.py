"""`manage.py restore PATH`: put a backup back, with the server stopped (docs/deploy.md §8)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lvzhi.core import backup


class Command(BaseCommand):
    help = "Restore the database from a backup. Stop the server and the task worker first."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *, path: str, yes: bool, **options: object) -> None:
        if not yes:
            answer = input(_("将用 %(p)s 覆盖当前数据库，确定吗？输入 yes 继续：") % {"p": path})
            if answer.strip().lower() != "yes":
                raise CommandError(_("已取消，数据库未改动"))
        try:
            restored = backup.restore(Path(path))
        except backup.BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(_("已从 %(p)s 恢复，完整性检查通过") % {"p": path})
        if restored.kept:
            self.stdout.write(_("恢复前的数据库保存在 %(p)s") % {"p": restored.kept})
        if restored.unapplied:
            self.stdout.write(
                _("备份早于当前程序，还缺 %(n)s 个迁移：请运行 manage.py migrate") % {"n": len(restored.unapplied)}
            )
