"""Template helpers of the dashboard: links that keep the page's other parameters."""

from urllib.parse import urlencode

from django import template

from trienkhai.programs.models import ActionProgram, TaskStatus

register = template.Library()

#: Parameters a link never carries over: a refresh is asked for once, and a new order or
#: unit starts again at the first page.
DROPPED = {"refresh", "units_page", "late_page", "page"}


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """``?…`` of the current page's parameters with ``changes`` (``None`` removes one)."""
    params = {k: v for k, v in context["request"].GET.items() if k not in DROPPED}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params)


@register.filter
def program_status(value) -> str:

    return str(dict(ActionProgram.Status.choices).get(value, value))


@register.filter
def task_status(value) -> str:

    return str(dict(TaskStatus.choices).get(value, value))
