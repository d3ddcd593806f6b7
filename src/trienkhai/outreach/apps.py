from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "trienkhai.outreach"
    label = "outreach"
    verbose_name = _("Outreach to the public")

    def ready(self) -> None:
        from . import flags, home, notices

        del flags, home, notices  # plausibility rules, home cards, notifications: declared
