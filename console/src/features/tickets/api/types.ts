/** The desk's shapes, named from the generated contract (never hand-written copies). */
import type { components } from '@api/schema';

type S = components['schemas'];

export type Ticket = S['StaffTicketOut'];
export type TicketSummary = S['TicketSummaryOut'];
export type TicketUpdate = S['UpdateOut'];
export type TicketPatch = S['TicketPatchIn'];
export type TicketStatus = S['TicketStatus'];
export type Priority = S['Priority'];
export type Category = S['Category'];
export type SlaState = S['SlaState'];
export type UpdateType = S['UpdateType'];
export type Agent = S['AgentOut'];
export type ArticleSummary = S['ArticleSummaryOut'];
export type QueueQuery = NonNullable<import('@api/schema').operations['listTickets']['parameters']['query']>;
