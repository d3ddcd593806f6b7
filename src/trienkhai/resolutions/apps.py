from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "trienkhai.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions and plans")

    def ready(self) -> None:
        from . import flags, receivers

        del flags  # the evidence rule (core/flags.py), declared on import

        receivers.connect()
