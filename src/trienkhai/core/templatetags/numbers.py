"""Numbers in templates, by ``core.numbers``' one rule: ``{% load numbers %}``.

- ``{{ part|share:whole }}`` → ``73,7%`` (``—`` without a whole); ``{{ value|share }}`` for
  anything with ``numerator`` and ``denominator`` (the engine's ``Value``, a study ``Ratio``);
- ``{{ part|ratio:whole }}`` → ``14/19 (73,7%)``;
- ``{{ number|measure }}`` → a measured value with its own decimals (``4,2``, ``75``), ``—``
  for none;
- ``{{ number|percent_value }}`` → a percentage already computed (a target of 97,5) with ``%``.
"""

from typing import Any

from django import template

from trienkhai.core import numbers

register = template.Library()


def _parts(value: Any, whole: Any) -> tuple[Any, Any]:
    if whole is None and hasattr(value, "denominator") and hasattr(value, "numerator"):
        return value.numerator, value.denominator
    return value, whole


@register.filter
def share(value: Any, whole: Any = None) -> str:
    numerator, denominator = _parts(value, whole)
    if numerator is None:
        return numbers.NO_SHARE
    return numbers.share_text(numerator, denominator)


@register.filter
def ratio(value: Any, whole: Any = None) -> str:
    numerator, denominator = _parts(value, whole)
    return numbers.ratio_text(numerator, denominator)


@register.filter
def measure(value: Any) -> str:
    if value is None or value == "":
        return numbers.NO_SHARE
    return numbers.measure(value)


@register.filter
def percent_value(value: Any) -> str:
    if value is None or value == "":
        return numbers.NO_SHARE
    return numbers.measure(value, 1) + "%"


@register.simple_tag
def attainment_formula(value: Any, baseline: Any, target: Any) -> str:
    """``{% attainment_formula value baseline target %}`` → ``(75 − 58) / (100 − 58) =
    40,5%``."""
    return numbers.attainment_formula(value, baseline, target)
