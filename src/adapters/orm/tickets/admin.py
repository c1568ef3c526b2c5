"""Operators' console for the desk: teams, members and routes are edited here; tickets change
through the API (state machine, SLA clocks, audit), so they are read-only here."""

from django.contrib import admin

from adapters.orm.readonly import ReadOnlyAdmin

from .models import CategoryRoute, SupportTicket, SupportTicketUpdate, Team, TeamMember, TicketArticleLink, TicketTag


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("code", "name")


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin[TeamMember]):
    list_display = ("user", "team", "available", "is_escalation")
    list_filter = ("team", "available", "is_escalation")
    raw_id_fields = ("user",)


@admin.register(CategoryRoute)
class CategoryRouteAdmin(admin.ModelAdmin[CategoryRoute]):
    list_display = ("category", "team")


@admin.register(SupportTicket)
class SupportTicketAdmin(ReadOnlyAdmin, admin.ModelAdmin[SupportTicket]):
    list_display = ("ticket_id", "title", "status", "priority", "category", "team", "assigned_to", "sla_next_due")
    list_filter = ("status", "priority", "category", "team")
    search_fields = ("=ticket_id", "title")
    raw_id_fields = ("user", "created_by", "assigned_to", "parent")
    show_full_result_count = False


@admin.register(SupportTicketUpdate)
class SupportTicketUpdateAdmin(ReadOnlyAdmin, admin.ModelAdmin[SupportTicketUpdate]):
    list_display = ("ticket", "update_type", "is_internal", "created_by", "created_at")
    list_filter = ("update_type", "is_internal")
    raw_id_fields = ("ticket", "created_by")
    show_full_result_count = False


@admin.register(TicketTag)
class TicketTagAdmin(ReadOnlyAdmin, admin.ModelAdmin[TicketTag]):
    list_display = ("ticket", "tag")
    raw_id_fields = ("ticket",)


@admin.register(TicketArticleLink)
class TicketArticleLinkAdmin(ReadOnlyAdmin, admin.ModelAdmin[TicketArticleLink]):
    list_display = ("ticket", "article_id", "linked_by", "created_at")
    raw_id_fields = ("ticket", "linked_by")
