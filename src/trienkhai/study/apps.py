from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "trienkhai.study"
    label = "study"
    verbose_name = _("Study")

    def ready(self):
        from . import access, flags, home, notices, tallies

        del access, flags, home, notices  # actions, plausibility rules, home cards, notices

        tallies.connect()
