from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "trienkhai.inspections"
    label = "inspections"
    verbose_name = _("Inspection and supervision")

    def ready(self):
        from . import access, home, notices

        del access, home, notices  # the steps' actions, the home cards, the notifications
