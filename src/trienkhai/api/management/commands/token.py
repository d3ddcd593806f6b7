"""`trienkhai token create USERNAME --name N [--days D] [--unit CODE ...] [--action A ...]`:
make a personal API token for a user and print it once (the token page's service)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from trienkhai.api.services import DEFAULT_DAYS, create_token
from trienkhai.core.models import User
from trienkhai.units.models import Unit


class Command(BaseCommand):
    help = "Make API tokens (create)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        create = sub.add_parser("create", help="Make a personal token for USERNAME; printed once.")
        create.add_argument("username")
        create.add_argument("--name", required=True)
        create.add_argument("--days", type=int, default=DEFAULT_DAYS)
        create.add_argument("--unit", action="append", default=[], help="a unit code (repeat)")
        create.add_argument("--action", action="append", default=[], help="an action (repeat)")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        units = []
        for code in options["unit"]:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"no unit with the code {code!r}")
            units.append(unit)
        try:
            _token, secret = create_token(
                user=user,
                name=options["name"],
                days=options["days"],
                units=units,
                actions=options["action"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(secret)
