"""People, not logins, in templates: ``{% load people %}{{ comment.author|person }}`` →
``Tô Thị Thủy, Phó Bí thư`` (``core.people.display_name``; lists join the persons with
``core.people.with_people`` so that naming them costs no query a row)."""

from typing import Any

from django import template

from trienkhai.core import people

register = template.Library()


@register.filter
def person(user: Any) -> str:
    return people.display_name(user)
