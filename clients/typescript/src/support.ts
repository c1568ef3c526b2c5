/** The specification's ModernSupportService over /api/support/. */
import {
  type Answer,
  type Body,
  type Id,
  ModernApiClient,
  type Query,
  toId,
  unwrap,
  type WithDefaults,
} from "./client.js";
import { resolveTimeRange, type TimeRange } from "./timeRange.js";

const TICKETS = "/api/support/tickets/";
const TICKET = "/api/support/tickets/{ticket_id}/";
const UPDATES = "/api/support/tickets/{ticket_id}/updates/";
const ANALYTICS = "/api/support/analytics/";
const KNOWLEDGE_BASE = "/api/support/knowledge-base/";

export type TicketFilters = Query<typeof TICKETS>;
export type SupportTicketsPage = Answer<typeof TICKETS, "get">;
export type SupportTicket = Answer<typeof TICKETS, "post">;
export type SupportTicketDetail = Answer<typeof TICKET, "get">;
export type TicketCreateData = Body<typeof TICKETS, "post">;
/** A PATCH: `version` is the one you read (a stale one answers 409 stale_ticket), plus what changes. */
export type TicketChange = WithDefaults<Body<typeof TICKET, "patch">, "note" | "unassign">;
/** A comment (e-mailed to the learner) or an internal note. */
export type TicketUpdate = WithDefaults<Body<typeof UPDATES, "post">, "update_type">;
export type TicketUpdateResult = Answer<typeof UPDATES, "post">;
export type AnalyticsGrouping = NonNullable<Query<typeof ANALYTICS>["group_by"]>;
export type SupportAnalytics = Answer<typeof ANALYTICS, "get">;
export type KnowledgeBaseFilters = Omit<Query<typeof KNOWLEDGE_BASE>, "q">;
export type KnowledgeBaseResults = Answer<typeof KNOWLEDGE_BASE, "get">;

export class ModernSupportService {
  constructor(private readonly apiClient: ModernApiClient) {}

  /** One page of the queue (items, next_cursor, counts by status), filtered. */
  async getSupportTickets(filters: TicketFilters = {}): Promise<SupportTicketsPage> {
    return unwrap(await this.apiClient.raw.GET(TICKETS, { params: { query: filters } }));
  }

  /** The ticket with its updates (staff also see internal notes and the ticket's context). */
  async getSupportTicket(ticketId: Id): Promise<SupportTicketDetail> {
    return unwrap(await this.apiClient.raw.GET(TICKET, { params: { path: { ticket_id: toId(ticketId) } } }));
  }

  /** Open a ticket; staff name the learner with `user_id`. Category and priority are chosen when left out. */
  async createSupportTicket(ticketData: TicketCreateData): Promise<SupportTicket> {
    return unwrap(await this.apiClient.raw.POST(TICKETS, { body: ticketData }));
  }

  /** Change status, priority, category, tags, team or assignment, at the version read; the ticket afterwards. */
  async updateTicket(ticketId: Id, change: TicketChange): Promise<SupportTicketDetail> {
    const path = { ticket_id: toId(ticketId) };
    // note and unassign have defaults the generated types make required: send the defaults (see README)
    const body = { note: "", unassign: false, ...change };
    return unwrap(await this.apiClient.raw.PATCH(TICKET, { params: { path }, body }));
  }

  /** Post a comment (the default) or an internal note. */
  async addTicketUpdate(ticketId: Id, update: TicketUpdate): Promise<TicketUpdateResult> {
    const path = { ticket_id: toId(ticketId) };
    const body = { update_type: "comment" as const, ...update };
    return unwrap(await this.apiClient.raw.POST(UPDATES, { params: { path }, body }));
  }

  /**
   * Assign or hand off to a support agent (a PATCH of assigned_to). Without `version` it reads the ticket's
   * current one first; a change in between still answers 409 stale_ticket.
   */
  async assignTicket(ticketId: Id, assigneeId: Id, version?: number, note = ""): Promise<SupportTicketDetail> {
    const current = version ?? (await this.getSupportTicket(ticketId)).version;
    return this.updateTicket(ticketId, { version: current, assigned_to: toId(assigneeId), note });
  }

  /** The desk's figures over a time range ("30d", "7d" or {from, to}), grouped by day, week or month. */
  async getSupportAnalytics(timeRange: TimeRange, groupBy: AnalyticsGrouping = "day"): Promise<SupportAnalytics> {
    const { from, to } = resolveTimeRange(timeRange);
    return unwrap(await this.apiClient.raw.GET(ANALYTICS, { params: { query: { from, to, group_by: groupBy } } }));
  }

  /** Articles matching a web-search style query ("a phrase", or, -exclude); one page. */
  async searchKnowledgeBase(query: string, filters: KnowledgeBaseFilters = {}): Promise<KnowledgeBaseResults> {
    return unwrap(await this.apiClient.raw.GET(KNOWLEDGE_BASE, { params: { query: { ...filters, q: query } } }));
  }
}
