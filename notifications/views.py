from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from menteo.http import AuthenticatedHttpRequest, HtmxHttpRequest
from notifications import selectors, services
from notifications.forms import EmailPreferencesForm
from notifications.models import Kind, Notification


@login_required
def notification_list(request: AuthenticatedHttpRequest):
    return render(
        request,
        "notifications/list.html",
        {"notifications": selectors.notifications_for(request.user)},
    )


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(user=request.user, notification_id=notification.pk)
    if request.htmx:
        notification.refresh_from_db()
        return render(
            request, "notifications/list.html#notification", {"notification": notification}
        )
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest):
    services.mark_read(user=request.user)
    return redirect("notification_list")


@login_required
def notification_settings(request: AuthenticatedHttpRequest):
    form = EmailPreferencesForm(
        request.POST or None, initial={"kinds": selectors.enabled_kinds(request.user)}
    )
    if request.method == "POST" and form.is_valid():
        services.set_email_preferences(user=request.user, enabled_kinds=form.cleaned_data["kinds"])
        messages.success(request, "Your email choices are saved.")
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form})


@csrf_exempt  # mail clients post RFC 8058 one-click unsubscribes without a CSRF token
def notification_unsubscribe(request: HtmxHttpRequest, token: str):
    """One click from any email, no login: the signed token names the person and the kind.
    GET asks for confirmation (GET never changes anything); POST unsubscribes."""
    try:
        user_id, kind = services.read_unsubscribe_token(token)
    except signing.BadSignature:
        raise Http404("This unsubscribe link is not valid.") from None
    user = get_object_or_404(User, pk=user_id, is_active=True)
    label = Kind(kind).label
    if request.method == "POST":
        services.opt_out(user=user, kind=kind)
        return render(request, "notifications/unsubscribed.html", {"label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label, "email": user.email})
