"""``manage.py generate --scale small|province|national [--seed N] [--replace]``."""

from django.core.management.base import BaseCommand, CommandError

from trienkhai.core.schema import migrate_if_needed
from trienkhai.demo.generator import GenerationRefused, generate
from trienkhai.demo.shapes import SHAPES, expected


class Command(BaseCommand):
    help = (
        "Write synthetic units, people and positions of a known shape (DESIGN.md, Workloads). "
        "Refuses when units exist, unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=list(SHAPES), default="small")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete every unit and everything that depends on one (people, positions, "
            "roles, audit events …) first",
        )

    def handle(self, *args, scale, seed, replace, **options):
        migrate_if_needed(self.stdout)
        means = expected(SHAPES[scale])
        self.stdout.write(
            f"Scale {scale}: about {means['units']:,.0f} units and {means['people']:,.0f} people."
        )
        try:
            result = generate(scale, seed=seed, replace=replace, stdout=self.stdout)
        except GenerationRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows:,} rows in {result.seconds:,.1f} s "
                f"({result.rows_per_second:,.0f} rows/s)."
            )
        )
