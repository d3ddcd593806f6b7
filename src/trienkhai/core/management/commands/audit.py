"""`trienkhai audit verify`: walk the audit chain; exit 1 at the first broken event."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from trienkhai.core import auditchain


def explain(broken: auditchain.Break) -> str:
    if broken.kind == "edited":
        return _("edited: its content no longer matches its hash")
    if broken.kind == "reordered":
        return _("reordered: it follows event #%(follows)s, not event #%(previous)s") % {
            "follows": broken.follows_id,
            "previous": broken.previous_id,
        }
    if broken.previous_id is None:
        return _("deleted: it is the first event left, the events before it are gone")
    return _(
        "deleted: it does not follow event #%(previous)s, an event between them is gone "
        "or was moved"
    ) % {"previous": broken.previous_id}


class Command(BaseCommand):
    help = "Check the audit log's hash chain (verify)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("verify", help="Check every event's hash and link, in id order.")

    def handle(self, *args: Any, subcommand: str, **options: Any) -> None:
        report = auditchain.verify()
        broken = report.broken
        if broken is None:
            self.stdout.write(
                _(
                    "The audit chain holds: %(count)s events checked. Head hash %(head)s (note it: "
                    "losing the last events shows only against it)."
                )
                % {"count": f"{report.checked:,}".replace(",", "."), "head": report.head}
            )
            return
        when = formats.date_format(timezone.localtime(broken.at), "d/m/Y H:i:s")
        self.stderr.write(
            _(
                "The audit chain is broken at event #%(id)s (%(at)s), %(what)s. "
                "The %(count)s events before it hold."
            )
            % {
                "id": broken.id,
                "at": when,
                "what": explain(broken),
                "count": f"{report.checked:,}".replace(",", "."),
            }
        )
        sys.exit(1)
