from django.contrib import admin, messages
from django.utils.translation import ngettext

from notifications import services
from notifications.models import EmailOptOut, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["kind", "status", "created_at", "sent_at"]
    search_fields = ["subject", "recipient__email", "occasion"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "mentorship"]
    readonly_fields = ["created_at", "sent_at", "read_at", "attempts", "last_error"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]

    @admin.action(description="Send the selected failed notifications again")
    def resend_failed(self, request, queryset):
        count = services.resend(notification_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
