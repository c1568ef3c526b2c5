"""Operators' console for the desk: teams, members and routes are edited here (a member's availability is the
agent's own, through the API); tickets change through the API (state machine, SLA clocks, audit), so they are
read-only here. Every page about a person (a member, a ticket and what hangs off it) is audited."""

from django.contrib import admin

from adapters.orm.audited_admin import AuditedAdmin
from adapters.orm.readonly import ReadOnlyAdmin

from .models import CategoryRoute, SupportTicket, SupportTicketUpdate, Team, TeamMember, TicketArticleLink, TicketTag


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("code", "name")


@admin.register(TeamMember)
class TeamMemberAdmin(AuditedAdmin, admin.ModelAdmin[TeamMember]):
    list_display = ("user", "team", "available", "is_escalation")
    list_filter = ("team", "available", "is_escalation")
    raw_id_fields = ("user",)
    readonly_fields = ("available",)


@admin.register(CategoryRoute)
class CategoryRouteAdmin(admin.ModelAdmin[CategoryRoute]):
    list_display = ("category", "team")


@admin.register(SupportTicket)
class SupportTicketAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[SupportTicket]):
    list_display = ("ticket_id", "title", "status", "priority", "category", "team", "assigned_to", "sla_next_due")
    list_filter = ("status", "priority", "category", "team")
    search_fields = ("=ticket_id", "title")
    raw_id_fields = ("user", "created_by", "assigned_to", "parent")
    show_full_result_count = False


@admin.register(SupportTicketUpdate)
class SupportTicketUpdateAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[SupportTicketUpdate]):
    list_display = ("ticket", "update_type", "is_internal", "created_by", "created_at")
    list_filter = ("update_type", "is_internal")
    raw_id_fields = ("ticket", "created_by")
    show_full_result_count = False
    list_select_related = ("ticket",)
    person = "ticket.user_id"


@admin.register(TicketTag)
class TicketTagAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[TicketTag]):
    list_display = ("ticket", "tag")
    raw_id_fields = ("ticket",)
    list_select_related = ("ticket",)
    person = "ticket.user_id"


@admin.register(TicketArticleLink)
class TicketArticleLinkAdmin(AuditedAdmin, ReadOnlyAdmin, admin.ModelAdmin[TicketArticleLink]):
    list_display = ("ticket", "article_id", "linked_by", "created_at")
    raw_id_fields = ("ticket", "linked_by")
    list_select_related = ("ticket",)
    person = "ticket.user_id"
