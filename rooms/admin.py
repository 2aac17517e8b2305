from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import ngettext

from rooms import services
from rooms.models import Message, ReadMarker, Room


class ReadMarkerInline(admin.TabularInline):
    model = ReadMarker
    extra = 0
    fields = ["user", "last_read_message_id", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["mentorship", "mentor", "mentee", "message_count", "revision", "created_at"]
    list_filter = ["mentorship__stage", ("mentorship__ended_at", admin.EmptyFieldListFilter)]
    search_fields = [
        "mentorship__focus",
        "mentorship__mentor__display_name",
        "mentorship__mentor__email",
        "mentorship__mentee__display_name",
        "mentorship__mentee__email",
    ]
    list_select_related = ["mentorship__mentor", "mentorship__mentee"]
    readonly_fields = ["mentorship", "revision", "created_at"]
    inlines = [ReadMarkerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(message_total=Count("messages"))

    @admin.display(ordering="mentorship__mentor__display_name")
    def mentor(self, room: Room):
        return room.mentorship.mentor

    @admin.display(ordering="mentorship__mentee__display_name")
    def mentee(self, room: Room):
        return room.mentorship.mentee

    @admin.display(description="messages", ordering="message_total")
    def message_count(self, room: Room) -> int:
        return room.message_total


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Staff read rooms here; they can hide a message (soft delete) but not rewrite one."""

    list_display = ["id", "room", "author", "excerpt", "created_at", "edited_at", "deleted_at"]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["body", "author__display_name", "author__email", "room__mentorship__focus"]
    list_select_related = ["author", "room__mentorship__mentor", "room__mentorship__mentee"]
    readonly_fields = [
        "room", "author", "body", "body_html", "client_token", "revision",
        "created_at", "edited_at", "deleted_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"
    actions = ["hide_messages"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="message")
    def excerpt(self, message: Message) -> str:
        if message.is_deleted:
            return "(deleted)"
        return message.body[:80] + ("…" if len(message.body) > 80 else "")

    @admin.action(description="Hide the selected messages (shown as “message deleted”)")
    def hide_messages(self, request, queryset):
        hidden = 0
        for message in queryset.filter(deleted_at__isnull=True).select_related("room"):
            services.message_hide(room=message.room, message_id=message.pk)
            hidden += 1
        self.message_user(
            request,
            ngettext("%(count)d message hidden.", "%(count)d messages hidden.", hidden)
            % {"count": hidden},
            messages.SUCCESS,
        )
