"""The study numbers of a unit for a plan (``study.rollup``): every indicator with its
numerator and denominator, a row per unit below (drill-down), and the rows behind each
number. The unit is read through ``for_user``; so is every list of rows behind a number."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists
from trienkhai.core.access import Action
from trienkhai.core.fields import DayField
from trienkhai.core.views import ScopedDetailView
from trienkhai.resolutions.models import Plan
from trienkhai.units.forms import DATE_WIDGET
from trienkhai.units.models import Person, Unit

from .. import rollup
from ..forms import PlanChoiceField, unit_prefixes
from ..lists import NUMBERS_TABLES
from ..models import Grade, LearningReport, StudySession
from .common import unit_context


def plans_around(user, unit: Unit):
    """Issued plans the user may see that reach ``unit``'s subtree: issued by it, above it
    or below it."""
    return (
        Plan.objects.for_user(user, Action.VIEW)
        .filter(status=Plan.Status.ISSUED)
        .filter(Q(unit__path__in=unit_prefixes(unit)) | Q(unit__path__prefix=unit.path))
        .select_related("unit")
        .order_by("-issued_on", "-id")
    )


class NumbersForm(forms.Form):
    plan = PlanChoiceField(label=_("Plan"), queryset=Plan.objects.none(), required=False)
    as_of = DayField(label=_("As of"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = None

    def choice(self):
        """(plan, as_of): the chosen plan (the newest when none is chosen) and date."""
        plans = self.fields["plan"].queryset
        if not self.is_valid():
            return None, None
        plan = self.cleaned_data["plan"] or plans.first()
        as_of = self.cleaned_data["as_of"] or timezone.localdate()
        return plan, as_of


class NumbersMixin:
    model = Unit
    context_object_name: str | None = "unit"

    def numbers_form(self):
        form = NumbersForm(self.request.GET, plans=plans_around(self.request.user, self.object))
        plan, as_of = form.choice()
        return form, plan, as_of

    def query(self, plan, as_of) -> str:
        return f"plan={plan.pk}&as_of={as_of:%d/%m/%Y}" if plan else ""


class NumbersView(NumbersMixin, ScopedDetailView):
    """The indicators of the unit's subtree, and the same for each unit directly below."""

    template_name = "study/numbers.html"

    def get_context_data(self, **kwargs):
        user, unit = self.request.user, self.object
        form, plan, as_of = self.numbers_form()
        overview = rollup.study_overview(plan, unit, as_of) if plan is not None else None
        return {
            **super().get_context_data(**kwargs),
            **unit_context(user, unit, "numbers"),
            "form": form,
            "plan": plan,
            "as_of": as_of,
            "query": self.query(plan, as_of),
            "overview": overview,
            "modes": StudySession.Mode.choices,
            "grade_choices": Grade.choices,
        }


#: What each "rows behind" link lists: (kind of rows, title, rollup function and options).
ROWS = {
    "members": ("people", _("Party members"), rollup.member_people, {}),
    "eligible": ("people", _("Eligible members"), rollup.eligible_people, {}),
    "attended": ("people", _("Eligible members who studied"), rollup.attended_people, {}),
    "members_attended": (
        "people",
        _("Members who studied (exempt ones included)"),
        rollup.attended_people,
        {"include_exempt": True},
    ),
    "not_attended": (
        "people",
        _("Eligible members who have not studied"),
        rollup.not_attended_people,
        {},
    ),
    "reports_due": (
        "people",
        _("Members who owe a learning report"),
        rollup.reports_due_people,
        {},
    ),
    "reports_missing": (
        "people",
        _("Members whose learning report is missing"),
        rollup.missing_report_people,
        {},
    ),
    "reports_submitted": ("reports", _("Learning reports submitted"), rollup.submitted_reports, {}),
    "reports_late": (
        "reports",
        _("Learning reports submitted late"),
        rollup.submitted_reports,
        {"late": True},
    ),
    "reports_on_time": (
        "reports",
        _("Learning reports submitted on time"),
        rollup.submitted_reports,
        {"late": False},
    ),
    "sessions": ("sessions", _("Sessions held"), rollup.held_sessions, {}),
    "units_without_session": (
        "units",
        _("Units without a session"),
        rollup.units_without_session,
        {},
    ),
    "units_missing_reports": (
        "units",
        _("Units with missing learning reports"),
        rollup.units_missing_reports,
        {},
    ),
}
SCOPED = {"people": Person, "reports": LearningReport, "sessions": StudySession, "units": Unit}


class NumbersRowsView(NumbersMixin, ScopedDetailView):
    """The rows behind one number (``?what=attended``, ``?what=grade&grade=good``,
    ``?what=sessions&mode=online``), paginated, each read through ``for_user``."""

    template_name = "study/numbers_rows.html"

    def get_context_data(self, **kwargs):
        user, unit = self.request.user, self.object
        form, plan, as_of = self.numbers_form()
        what = self.request.GET.get("what") or "eligible"
        options = {}
        if what == "grade":
            grade = self.request.GET.get("grade", "")
            if grade not in Grade.values:
                raise Http404
            kind, title, rows_of = "reports", Grade(grade).label, rollup.submitted_reports
            options = {"grade": grade}
        elif what in ROWS:
            kind, title, rows_of, options = ROWS[what]
            if what == "sessions" and self.request.GET.get("mode") in StudySession.Mode.values:
                options = {"mode": self.request.GET["mode"]}
                title = StudySession.Mode(options["mode"]).label
        else:
            raise Http404
        if plan is None:
            rows = SCOPED[kind].objects.none()
        else:
            rows = rows_of(plan, unit, as_of, **options)
            model = SCOPED[kind]
            rows = rows & model.objects.for_user(user, Action.VIEW)  # rule 2, once more
            if kind == "people":
                rows = rows.select_related("unit").roster_order()
            elif kind == "sessions":
                rows = rows.select_related("unit")
        context = unit_context(user, unit, "numbers")
        query = self.query(plan, as_of)
        table_kwargs = {"reports": {"can_change": context["can_change"]}, "units": {"query": query}}
        table = NUMBERS_TABLES[kind](rows, **table_kwargs.get(kind, {}))
        page = lists.table_page(self.request, table)
        for number, row in enumerate(page.object_list, page.start_index()):
            row.row_number = number  # the people's "#": the place in the whole list
        return {
            **super().get_context_data(**kwargs),
            **context,
            "form": form,
            "plan": plan,
            "as_of": as_of,
            "query": query,
            "kind": kind,
            "title": title,
            "page": page,
        }


__all__ = ["NumbersRowsView", "NumbersView"]
