"""A recommendation: accepted, reported done, verified and closed, or sent back."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import may
from trienkhai.core.views import ScopedDetailView, ServiceActionView

from .. import forms, services
from ..access import CONDUCT, RESPOND
from ..models import (
    Kind,
    Recommendation,
)
from .base import ServiceFormView

# --- recommendations --------------------------------------------------------------------------


class RecommendationDetailView(ScopedDetailView):
    model = Recommendation
    template_name = "inspections/recommendation_detail.html"
    context_object_name = "rec"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "inspection__unit", "task__program")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rec: Recommendation = self.object
        user = self.request.user
        S = Recommendation.State
        can_respond = may(user, RESPOND, rec.unit)
        can_verify = may(user, CONDUCT, rec.inspection.unit)
        context.update(
            standing=rec.standing(timezone.localdate()),
            can_accept=can_respond and rec.state == S.OPEN,
            can_report=can_respond and rec.state == S.ACCEPTED,
            can_verify=can_verify and rec.state == S.REPORTED,
        )
        return context


class AcceptView(ServiceActionView):
    model = Recommendation
    post_action = RESPOND
    success_message = _("Accepted: it is now followed as a task.")

    def perform(self, obj):
        return services.accept(user=self.request.user, recommendation=obj)


class CloseView(ServiceActionView):
    model = Recommendation
    post_action = CONDUCT
    success_message = _("Verified and closed.")

    def perform(self, obj):
        return services.close(user=self.request.user, recommendation=obj)


class ReportView(ServiceFormView):
    model = Recommendation
    post_action = RESPOND
    form_class = forms.ReportForm
    title = _("Report what was done")

    def perform(self, form):
        return services.report_done(
            user=self.request.user, recommendation=self.object, **form.cleaned_data
        )


class SendBackView(ServiceFormView):
    model = Recommendation
    post_action = CONDUCT
    form_class = forms.SendBackForm
    title = _("Send back")

    def perform(self, form):
        return services.send_back(
            user=self.request.user, recommendation=self.object, **form.cleaned_data
        )


__all__ = ["Kind"]
