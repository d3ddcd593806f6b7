"""Small template helpers of the study screens."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse

from trienkhai.core import numbers

register = template.Library()


@register.filter
def plan_url(plan) -> str:
    """The plan's page, or "" while the plans' screens are not mounted."""
    try:
        return reverse("resolutions:plan-detail", args=[plan.pk])
    except NoReverseMatch:
        return ""


@register.filter
def percent(part, whole) -> str:
    """``part / whole`` as a share ("97,5%"), or "—" without a whole: ``core.numbers``."""
    return numbers.share_text(part or 0, whole)


@register.simple_tag
def rows_url(unit, what: str, query: str, **extra) -> str:
    """The page listing the rows behind one number of ``unit``'s study numbers."""

    params = urlencode({"what": what, **extra})
    return f"{reverse('study:unit-numbers-rows', args=[unit.pk])}?{query}&{params}"


@register.filter
def ratio_percent(ratio) -> str:
    """The percentage of a ``rollup.Ratio`` ("95,0 %"), or "—" without a denominator."""
    return percent(ratio.numerator, ratio.denominator)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, 0)
