"""Sessions of a unit: the list, scheduling and editing, make-ups, a session's page and
marking it as held. Reads go through ``for_user``; writes through ``study.services``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from trienkhai.core import lists
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedDetailView, ServiceFormView
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from .. import eligibility, forms, services
from .. import lists as study_lists
from ..models import Attendance, StudySession
from .common import UnitListMixin, chosen_plan, plans_for

P, E, A = Attendance.Status.PRESENT, Attendance.Status.EXCUSED, Attendance.Status.ABSENT


class SessionListView(UnitListMixin, lists.ScopedListView):
    """The sessions held by a unit and the units under it, and those held above it for it (a
    commune's conference for its cells), newest first."""

    model = StudySession
    filterset_class = study_lists.SessionFilter
    table_class = study_lists.SessionTable
    template_name = "study/session_list.html"
    tab = "sessions"
    title = _("Study sessions")
    count_text = ngettext_lazy("%(n)s session", "%(n)s sessions", "n")
    empty_text = _("No study session has been scheduled here yet.")
    empty_filtered_text = _("No session matches.")

    def rows(self, queryset):
        return (
            queryset.for_unit(self.unit)
            .select_related("plan", "unit")
            .annotate(present=Count("attendances", filter=Q(attendances__status=P)))
            .order_by("-starts_at", "-id")
        )


class SessionDetailView(ScopedDetailView):
    """A session: its details, the expected count against present / excused / absent, the
    non-member attendances, and its make-up sessions."""

    model = StudySession
    template_name = "study/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "unit", "makeup_for")

    def get_context_data(self, **kwargs):
        user, session = self.request.user, self.object
        expected = eligibility.expected(session)
        in_expected = Q(person__in=expected.values("pk"))
        counts = (
            Attendance.objects.for_user(user, Action.VIEW)
            .filter(session=session)
            .aggregate(
                present=Count("id", filter=Q(status=P)),
                excused=Count("id", filter=Q(status=E)),
                absent=Count("id", filter=Q(status=A)),
                present_expected=Count("id", filter=Q(status=P) & in_expected),
                marked_expected=Count("id", filter=in_expected),
                by_qr=Count("id", filter=Q(status=P) & ~Q(method=Attendance.Method.ROSTER)),
            )
        )
        counts["expected"] = expected.count()
        counts["unmarked"] = counts["expected"] - counts["marked_expected"]
        counts["others_present"] = counts["present"] - counts["present_expected"]
        can_change = may(user, Action.CHANGE, session.unit)
        return {
            **super().get_context_data(**kwargs),
            "ancestors": ancestors_in_scope(user, session.unit, include_self=True),
            "counts": counts,
            "makeups": StudySession.objects.for_user(user, Action.VIEW)
            .filter(makeup_for=session)
            .order_by("starts_at"),
            "can_change": can_change,
            "held_form": forms.HeldForm(user=user, obj=session) if can_change else None,
        }


class SessionCreateView(ServiceFormView):
    """Schedule a session of a unit for an issued plan addressed to it."""

    model: type[Unit] | type[StudySession] = Unit
    action = Action.CHANGE
    form_class = forms.SessionForm
    template_name = "study/session_form.html"
    title = _("Schedule a study session")
    success_message = _("The session was scheduled.")

    def unit(self):
        return self.object

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.unit()}

    def get_form(self, data=None):
        form = super().get_form(data)
        if data is None:
            form.initial.update(self.initial())
        return form

    def initial(self) -> dict:
        plan = chosen_plan(self.request, plans_for(self.request.user, self.unit()))
        if plan is None:
            return {}
        return {"plan": plan.pk, "title": default_title(plan)}

    def context(self, form):
        return {**super().context(form), "unit": self.unit()}

    def perform(self, form):
        return services.schedule_session(
            user=self.request.user,
            unit=self.unit(),
            plan=form.cleaned_data["plan"],
            **form.service_fields(),
        )


def default_title(plan: Plan) -> str:
    return gettext("Study session on %(number)s") % {"number": plan.number}


class SessionEditView(ServiceFormView):
    model = StudySession
    action = Action.CHANGE
    form_class = forms.SessionForm
    template_name = "study/session_form.html"
    title = _("Edit the session")
    success_message = _("The session was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "unit": self.object.unit, "session": self.object}

    def context(self, form):
        return {**super().context(form), "unit": self.object.unit}

    def perform(self, form):
        return services.update_session(
            user=self.request.user, session=self.object, **form.service_fields()
        )


class MakeupCreateView(SessionCreateView):
    """A make-up session (học bù) for those who missed ``object``: the same plan and audience;
    its roster starts with the people who have not studied the plan yet."""

    model = StudySession
    title = _("Schedule a make-up session")
    success_message = _("The make-up session was scheduled.")

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "plan")

    def unit(self):
        return self.object.unit

    def initial(self) -> dict:
        session = self.object
        initial = forms.SessionForm.initial_from(session)
        initial.pop("date"), initial.pop("time")
        initial["makeup_for"] = session.pk
        initial["title"] = gettext("Make-up: %(title)s") % {"title": session.title}
        return initial


class MarkHeldView(ServiceFormView):
    """The session took place: it counts for the plan's obligations; the non-member
    attendances are entered as a count."""

    model = StudySession
    action = Action.CHANGE
    form_class = forms.HeldForm
    template_name = "study/form.html"
    title = _("Mark the session as held")
    success_message = _("The session was marked as held.")

    def perform(self, form):
        return services.mark_held(
            user=self.request.user,
            session=self.object,
            non_member_count=form.cleaned_data["non_member_count"],
        )


def bad_request(request, message: str, status: int = 400):
    return render(request, "study/message.html", {"message": message}, status=status)
