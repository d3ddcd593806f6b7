from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

# Django 6.1 labels the blank choice of a select "- Select an option -" and has no Vietnamese
# for it yet: naming it here keeps it in our catalogue, which takes precedence.
gettext_noop("- Select an option -")
# The same for the durations of ``timesince`` ("computed 5 minutes ago" on the dashboard):
# Django's Vietnamese catalogue still has the older "%d minute" msgids.
ngettext_lazy("%(num)d year", "%(num)d years", "num")
ngettext_lazy("%(num)d month", "%(num)d months", "num")
ngettext_lazy("%(num)d week", "%(num)d weeks", "num")
ngettext_lazy("%(num)d day", "%(num)d days", "num")
ngettext_lazy("%(num)d hour", "%(num)d hours", "num")
ngettext_lazy("%(num)d minute", "%(num)d minutes", "num")


class CoreConfig(AppConfig):
    name = "trienkhai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import lookups  # noqa: F401  registers the path__prefix lookup
        from .receivers import after_login

        user_logged_in.connect(after_login, dispatch_uid="trienkhai.core.after_login")
