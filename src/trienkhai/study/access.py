"""The actions the study app adds to the core's (see ``trienkhai.core.access``)."""

from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role, declare

#: Grading a learning report or sending it back: the head of the cell (its secretary) or of a
#: unit above — not a clerk, who enters the reports, and not the member who wrote one.
GRADE = declare("grade", label=_("grade learning reports"), roles={Role.HEAD})
