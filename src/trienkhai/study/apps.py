from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "trienkhai.study"
    label = "study"
    verbose_name = _("Study")

    def ready(self):
        from . import access, flags, tallies  # access: the actions this app declares

        del access, flags  # flags: the plausibility rules (core/flags.py), declared on import

        tallies.connect()
