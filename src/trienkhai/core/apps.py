from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Django 6.1 labels the blank choice of a select "- Select an option -" and has no Vietnamese
# for it yet: naming it here keeps it in our catalogue, which takes precedence.
gettext_noop("- Select an option -")


class CoreConfig(AppConfig):
    name = "trienkhai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import lookups  # noqa: F401  registers the path__prefix lookup
