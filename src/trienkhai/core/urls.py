from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.i18n import set_language

from . import flag_views, lists, login_views, views
from .forms import LoginForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "login/",
        login_not_required(
            auth_views.LoginView.as_view(
                template_name="core/login.html",
                authentication_form=LoginForm,
                redirect_authenticated_user=True,
            )
        ),
        name="login",
    ),
    path("login/verify/", login_views.VerifyView.as_view(), name="login-verify"),
    path("account/two-factor/", login_views.TwoFactorView.as_view(), name="two-factor"),
    path("audit/security/", login_views.SecurityView.as_view(), name="security"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("audit/", views.AuditLogView.as_view(), name="audit"),
    path("lists/units/", lists.UnitChoicesView.as_view(), name="unit-choices"),
    path("audit/<int:pk>/", views.AuditEventView.as_view(), name="audit-event"),
    path("flags/", flag_views.FlagListView.as_view(), name="flag-list"),
    path("flags/<int:pk>/", flag_views.FlagDetailView.as_view(), name="flag-detail"),
    path("flags/<int:pk>/explain/", flag_views.FlagExplainView.as_view(), name="flag-explain"),
    path("flags/<int:pk>/accept/", flag_views.FlagAcceptView.as_view(), name="flag-accept"),
    path("flags/<int:pk>/dismiss/", flag_views.FlagDismissView.as_view(), name="flag-dismiss"),
]
