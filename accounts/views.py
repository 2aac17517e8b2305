import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import personal_data, services
from accounts.forms import DeleteAccountForm, ProfileForm
from menteo.errors import form_status, refusals_shown_in
from menteo.http import AuthenticatedHttpRequest


@login_required
def profile_edit(request: AuthenticatedHttpRequest):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_in(form):
            services.profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("profile_edit")
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form},
        status=form_status(form) if getattr(form, "refusal", None) else 200,
    )


@login_required
@never_cache
def your_data(request: AuthenticatedHttpRequest):
    """Download everything, or delete the account (with the password, and a confirmation)."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.erase(request.user)
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for having been here.")
        return redirect("home")
    return render(
        request, "accounts/your_data.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@never_cache
def data_export(request: AuthenticatedHttpRequest):
    data = personal_data.export(request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"menteo-{request.user.username}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
