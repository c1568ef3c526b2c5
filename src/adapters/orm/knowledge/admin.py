"""The operators' fallback console. Articles are written through the API (validation, versions,
audit), so they are read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Article, ArticleVote


class ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnly, admin.ModelAdmin[Article]):
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
class ArticleVoteAdmin(ReadOnly, admin.ModelAdmin[ArticleVote]):
    list_display = ("article", "voter_id", "helpful")
    list_filter = ("helpful",)
    raw_id_fields = ("article",)
    show_full_result_count = False
