from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.TreeView.as_view(), name="tree"),
    path("list/", views.UnitListView.as_view(), name="unit-list"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("lookup/", views.UnitLookupView.as_view(), name="lookup"),
    path("people/lookup/", views.PersonLookupView.as_view(), name="person-lookup"),
    path("<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("<int:pk>/children/", views.ChildrenView.as_view(), name="unit-children"),
    path("<int:pk>/add/", views.UnitCreateView.as_view(), name="unit-add"),
    path("<int:pk>/edit/", views.UnitEditView.as_view(), name="unit-edit"),
    path("<int:pk>/move/", views.UnitMoveView.as_view(), name="unit-move"),
    path("<int:pk>/close/", views.UnitCloseView.as_view(), name="unit-close"),
    path("<int:pk>/reopen/", views.UnitReopenView.as_view(), name="unit-reopen"),
    path("<int:pk>/people/add/", views.PersonCreateView.as_view(), name="person-add"),
    path("<int:pk>/positions/add/", views.PositionCreateView.as_view(), name="position-add"),
    path("<int:pk>/roles/", views.RolesView.as_view(), name="roles"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonEditView.as_view(), name="person-edit"),
    path("people/<int:pk>/login/", views.LoginCreateView.as_view(), name="person-login"),
    path("positions/<int:pk>/end/", views.PositionEndView.as_view(), name="position-end"),
    path("roles/<int:pk>/revoke/", views.RoleRevokeView.as_view(), name="role-revoke"),
]
