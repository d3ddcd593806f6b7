from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "trienkhai.programs"
    label = "programs"
    verbose_name = _("Action programs")

    def ready(self) -> None:
        from . import flags, home, notices

        del flags, home, notices  # plausibility rules, home cards, notifications: declared
