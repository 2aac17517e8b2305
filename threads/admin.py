from django.contrib import admin

from threads.models import Comment, GrowthThread, Post


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ["title", "kind", "visibility", "published_at"]
    readonly_fields = ["title", "kind", "visibility", "published_at"]
    show_change_link = True
    can_delete = False


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["author"]


@admin.register(GrowthThread)
class GrowthThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "mentorship", "created_at"]
    search_fields = ["title", "author__display_name", "author__email", "mentorship__focus"]
    list_filter = [("mentorship", admin.EmptyFieldListFilter), "created_at"]
    raw_id_fields = ["author", "mentorship"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "kind", "visibility", "published_at", "in_journey_record"]
    list_filter = [
        "kind",
        "visibility",
        ("published_at", admin.EmptyFieldListFilter),
        "published_at",
    ]
    search_fields = ["title", "body", "author__display_name", "author__email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["thread", "author", "mentorship", "goal", "milestone"]
    readonly_fields = ["created_at", "edited_at"]
    list_select_related = ["author"]
    inlines = [CommentInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["post", "author", "created_at"]
    search_fields = ["body", "author__display_name", "post__title"]
    list_filter = ["created_at"]
    raw_id_fields = ["post", "author"]
    list_select_related = ["post", "author"]
