"""The token page: a user's own API tokens, made (shown once) and revoked there."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .forms import TokenForm
from .models import ApiToken
from .services import create_token, revoke_token


class TokenListView(View):
    template_name = "api/tokens.html"

    def page(self, request: HttpRequest, form: TokenForm, status: int = 200, **extra: Any):
        tokens = ApiToken.objects.filter(user_id=request.user.pk or 0).prefetch_related("units")
        return render(
            request, self.template_name, {"form": form, "tokens": tokens, **extra}, status=status
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TokenForm(user=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.page(request, form, status=400)
        data = form.cleaned_data
        try:
            token, secret = create_token(
                user=request.user,
                name=data["name"],
                days=data["days"],
                units=data["units"],
                actions=data["actions"],
                kind=data.get("kind") or ApiToken.Kind.PERSONAL,
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {"__all__": exc.error_list}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.page(request, form, status=400)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.page(request, form, status=403)
        return self.page(request, TokenForm(user=request.user), created=token, secret=secret)


class RevokeTokenView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = ApiToken.objects.filter(user_id=request.user.pk or 0, pk=pk).first()
        if token is None:  # another user's token: as if it did not exist
            raise Http404
        revoke_token(user=request.user, token=token)
        messages.success(request, _("The token %(name)s is revoked.") % {"name": token.name})
        return redirect("api:tokens")
