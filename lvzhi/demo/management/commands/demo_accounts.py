"""manage.py demo_accounts --port N: the address and the demo accounts, printed when `make run` starts."""

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lvzhi.core.capabilities import Role
from lvzhi.core.models import User
from lvzhi.org.demo import DEMO_COMMITTEES, DEMO_PASSWORD


def text_width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))


Section = tuple[str, list[tuple[str, str, str]]]


def account_rows() -> tuple[list[Section], list[str]]:
    """(committee heading, [(username, role, password)]) per demo committee as in the database, and
    "username → mobile" for the member accounts (members may sign in with their mobile number)."""
    usernames = [a.username for spec in DEMO_COMMITTEES for a in spec.accounts()]
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    sections, mobiles = [], []
    for spec in DEMO_COMMITTEES:
        rows = []
        for account in spec.accounts():
            user = users.get(account.username)
            if user is None:
                continue
            role = str(Role(account.role).label)
            if account.scoped_to:
                role += f"（{account.scoped_to}）"
            elif account.role == Role.MEMBER:
                role += f"（{user.display_name}）"
                mobiles.append(f"{user.username} → {user.mobile}")
            rows.append((account.username, role, DEMO_PASSWORD))
        sections.append((f"{spec.name} {spec.code}", rows))
    return sections, mobiles


def render_box(url: str, sections: list[Section], mobiles: list[str]) -> str:
    header = ("账号 Username", "角色 Role", "密码 Password")
    all_rows = [header] + [row for _, rows in sections for row in rows]
    widths = [max(text_width(row[i]) for row in all_rows) for i in range(3)]
    lines = [
        f"履职 Lvzhi  ·  {url}",
        "在浏览器中打开上面的地址，用下列任一账号登录。",
        "Open the address above and sign in as any account below.",
        "",
        "   ".join(pad(h, w) for h, w in zip(header, widths, strict=True)),
    ]
    for heading, rows in sections:
        lines.append("")
        lines.append(f"[{heading}]")
        if not rows:
            lines.append("尚未载入示范数据：运行 .venv/bin/python manage.py load_demo  (demo data not loaded)")
        lines.extend("   ".join(pad(c, w) for c, w in zip(row, widths, strict=True)) for row in rows)
    lines.append("")
    if mobiles:
        lines.append("委员也可用手机号登录。Members may also sign in by mobile:")
        lines.append("  " + ", ".join(mobiles))
    lines.append("按 Ctrl+C 停止服务。Press Ctrl+C to stop.")
    inner = max(text_width(line) for line in lines)
    rule = "+" + "-" * (inner + 2) + "+"
    body = [f"| {pad(line, inner)} |" for line in lines]
    return "\n".join([rule, *body, rule])


class Command(BaseCommand):
    help = "打印访问地址和演示账号。Print the address and the demo accounts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(render_box(url, *account_rows()))
