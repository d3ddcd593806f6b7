from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "trienkhai.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions and plans")

    def ready(self) -> None:
        from . import flags, home, receivers

        del flags, home  # the evidence rule (core/flags.py), the home cards: declared

        receivers.connect()
