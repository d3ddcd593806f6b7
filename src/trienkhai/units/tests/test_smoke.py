import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render_for_clerk(tree, login):
    client = login(tree.clerk_a)
    for url in [
        reverse("units:tree"),
        reverse("units:unit-detail", args=[tree.commune_a.pk]),
        reverse("units:unit-children", args=[tree.commune_a.pk]),
        reverse("units:search") + "?q=nguyen van an",
        reverse("units:person-detail", args=[tree.person_a.pk]),
        reverse("units:person-edit", args=[tree.person_a.pk]),
        reverse("units:unit-edit", args=[tree.commune_a.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
