"""The navigation's questions are asked only by a page that shows the navigation."""

from django.test import RequestFactory

from trienkhai.core.context_processors import navigation


def request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_page_without_the_navigation_reads_no_role(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        context = navigation(request_of(tree.clerk_a))
    with django_assert_num_queries(1):  # the user's role assignments, once
        assert context["nav_has_role"]
        assert not context["nav_can_audit"]
        assert context["nav_has_role"] == True  # noqa: E712 - compares like the bool it stands for


def test_a_user_without_a_role_has_no_navigation(tree):
    context = navigation(request_of(tree.nobody))
    assert not context["nav_has_role"]
    assert not context["nav_can_audit"]


def test_the_tree_page_still_shows_the_navigation(tree, client):
    client.force_login(tree.admin)
    html = client.get("/units/").content.decode()
    assert 'href="/audit/"' in html
    client.force_login(tree.nobody)
    assert 'href="/units/"' not in client.get("/").content.decode()
