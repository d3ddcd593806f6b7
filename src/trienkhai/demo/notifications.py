"""The demo's notifications: the demo logins get an e-mail address (mails are written to files
under the data directory, ``settings.MAILERS``), and the reminders and digests due now are sent
once, as ``trienkhai remind`` would from cron. Each start runs it again: nothing is sent twice."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from trienkhai.notifications import mail, reminders

LOGINS = ("admin", "clerk", "head", "secretary", "member", "other")


def load_demo_notifications(stdout=None) -> None:
    users = get_user_model().objects.filter(username__in=LOGINS, email="")
    for user in users:
        user.email = f"{user.username}@demo.trienkhai.invalid"
        user.save(update_fields=["email"])
    done = reminders.run()
    if stdout is not None:
        stdout.write(
            f"Notifications: {done.total:,} reminder(s) offered today, {done.mails:,} mail(s) and "
            f"{done.digests:,} digest(s) sent; run `trienkhai remind` from cron (hourly). "
            f"{mail.where()}.\n"
        )
