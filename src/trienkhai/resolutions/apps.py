from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "trienkhai.resolutions"
    label = "resolutions"
    verbose_name = _("Resolutions and plans")

    def ready(self) -> None:
        from . import flags, home, notices, receivers

        del flags, home, notices  # the evidence rule, the home cards, the notifications

        receivers.connect()
