"""The operators' fallback console. Articles are written through the API (validation, versions,
audit), so they are read-only here."""

from django.contrib import admin

from adapters.orm.readonly import ReadOnlyAdmin

from .models import Article, ArticleVote


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin, admin.ModelAdmin[Article]):
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


@admin.register(ArticleVote)
class ArticleVoteAdmin(ReadOnlyAdmin, admin.ModelAdmin[ArticleVote]):
    list_display = ("article", "voter_id", "helpful")
    list_filter = ("helpful",)
    raw_id_fields = ("article",)
    show_full_result_count = False
