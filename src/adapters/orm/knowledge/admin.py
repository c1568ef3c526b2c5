"""The operators' fallback console. Articles are written through the API (validation, versions,
audit), so they are read-only here. Articles and votes name their authors and voters: reading them is audited."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import Article, ArticleVote


@admin.register(Article)
class ArticleAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[Article]):
    list_display = (
        "id",
        "title",
        "category",
        "status",
        "helpful_votes",
        "not_helpful_votes",
        "linked_tickets",
        "updated_at",
        "version",
    )
    list_filter = ("status", "category")
    search_fields = ("title",)
    ordering = ("-updated_at", "-id")
    show_full_result_count = False
    exclude = ("search_vector",)
    person = None  # written by staff, about nobody


@admin.register(ArticleVote)
class ArticleVoteAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[ArticleVote]):
    list_display = ("article", "voter_id", "helpful")
    list_filter = ("helpful",)
    person = "voter_id"
    raw_id_fields = ("article",)
    show_full_result_count = False
