"""``trienkhai remind``: the reminders and digests due now (idempotent; for cron)."""

from django.core.management.base import BaseCommand

from trienkhai.notifications import mail, reminders, tasks


class Command(BaseCommand):
    help = "Send the reminders, held mails and daily digests due now (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="also queue the hourly remind task for the database worker "
            "(TRIENKHAI_TASKS=database)",
        )

    def handle(self, *args, schedule=False, **options):
        done = reminders.run()
        for name, offered in done.offered.items():
            self.stdout.write(f"{name}: {offered:,} notification(s) offered")
        self.stdout.write(
            f"{done.day:%d/%m/%Y}: {done.total:,} reminder(s), {done.mails:,} mail(s), "
            f"{done.digests:,} digest(s) in {done.seconds:,.2f} s. {mail.where()}"
        )
        if schedule:
            queued = tasks.schedule()
            self.stdout.write(
                "Next run queued." if queued else "No run queued (already, or no worker)."
            )
