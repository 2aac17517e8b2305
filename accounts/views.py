from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts import services
from accounts.forms import ProfileForm
from menteo.http import AuthenticatedHttpRequest


@login_required
def profile_edit(request: AuthenticatedHttpRequest):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("profile_edit")
    return render(request, "accounts/profile_edit.html", {"form": form})
