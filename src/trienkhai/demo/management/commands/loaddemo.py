"""``manage.py loaddemo``: the demo province (once) and its logins, printed as a table."""

from django.core.management.base import BaseCommand, CommandError

from trienkhai.demo.generator import GenerationRefused
from trienkhai.demo.loader import DemoLogin, load_demo


def login_table(logins: list[DemoLogin]) -> str:
    """The logins as a plain-text table (Vietnamese headings, as the users read them)."""
    header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Người", "Đơn vị")
    rows = [(x.username, x.password, x.description, x.person, x.unit) for x in logins]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


class Command(BaseCommand):
    help = "Load the demo province (Tỉnh Hòa Lâm) if it is not there and print the demo logins."

    def handle(self, *args, **options):
        try:
            logins = load_demo(stdout=self.stdout)
        except GenerationRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        self.stdout.write(login_table(logins))
