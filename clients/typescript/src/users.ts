/** The specification's ModernUserManagementService over /api/users/. */
import type { BulkOperationRequest, BulkOperationResult } from "./bulk.js";
import { type Answer, type Body, type Id, ModernApiClient, type Query, type Schemas, toId, unwrap } from "./client.js";
import { resolveTimeRange, type TimeRange } from "./timeRange.js";

const PROFILES = "/api/users/profiles/";
const PROFILE = "/api/users/profiles/{user_id}/";
const ACTIVITY = "/api/users/activity/{user_id}/";
const IMPERSONATE = "/api/users/impersonate/";
const IMPERSONATION_END = "/api/users/impersonate/{session_id}/end";

type ProfileQuery = Query<typeof PROFILES>;
export type Pagination = Pick<ProfileQuery, "limit" | "cursor">;
export type UserFilters = Omit<ProfileQuery, "limit" | "cursor">;
export type SearchFilters = Omit<ProfileQuery, "q" | "cursor">;
export type ActivityFilters = Omit<Query<typeof ACTIVITY>, "since" | "until">;
export type AccountStatus = NonNullable<Body<typeof PROFILE, "patch">["account_status"]>;

export type UserProfilesResponse = Answer<typeof PROFILES, "get">;
export type User = UserProfilesResponse["items"][number];
export type UserProfileDetail = Answer<typeof PROFILE, "get">;
export type ActivityPage = Answer<typeof ACTIVITY, "get">;
/** The session and its token (shown once): `Authorization: Bearer <token>` on learner-facing endpoints. */
export type ImpersonationToken = Answer<typeof IMPERSONATE, "post">;
export type ImpersonationSession = Answer<typeof IMPERSONATION_END, "post">;
export type ImpersonationOptions = Omit<Body<typeof IMPERSONATE, "post">, "user_id" | "reason">;

export class ModernUserManagementService {
  constructor(private readonly apiClient: ModernApiClient) {}

  /** One page of learners matching the filters: items, next_cursor, total (estimated on large sets). */
  async getUserProfiles(filters: UserFilters = {}, pagination: Pagination = {}): Promise<UserProfilesResponse> {
    return unwrap(await this.apiClient.raw.GET(PROFILES, { params: { query: { ...filters, ...pagination } } }));
  }

  /** The 360° profile: enrollments, status history, recent activity, security events (the read is audited). */
  async getUserProfile(userId: Id): Promise<UserProfileDetail> {
    return unwrap(await this.apiClient.raw.GET(PROFILE, { params: { path: { user_id: toId(userId) } } }));
  }

  /** Move the account to another status, with the reason; the profile as it is afterwards. */
  async updateUserStatus(userId: Id, status: AccountStatus, reason: string): Promise<UserProfileDetail> {
    const path = { user_id: toId(userId) };
    const body = { account_status: status, status_reason: reason };
    return unwrap(await this.apiClient.raw.PATCH(PROFILE, { params: { path }, body }));
  }

  /** The best matches for a free-text query (username, e-mail, names), first page only (`limit`, default 25). */
  async searchUsers(query: string, filters: SearchFilters = {}): Promise<User[]> {
    return (await this.getUserProfiles({ ...filters, q: query })).items;
  }

  /** A page of the person's activity, newest first, within a time range ("7d", "24h" or {from, to}). */
  async getUserActivity(userId: Id, timeRange?: TimeRange, filters: ActivityFilters = {}): Promise<ActivityPage> {
    const { from, to } = resolveTimeRange(timeRange);
    const query = { ...filters, since: from, until: to };
    return unwrap(await this.apiClient.raw.GET(ACTIVITY, { params: { path: { user_id: toId(userId) }, query } }));
  }

  /**
   * Act as the learner, with a reason (15+ characters), read-only by default, for 15 minutes unless `minutes` (at
   * most 60) says otherwise. The answer's `status` is `active`, or `pending_approval` until a second admin approves
   * (the token works from then on). Confirm with `totp_code` when enrolled in MFA. The learner is told by e-mail.
   */
  async impersonateUser(userId: Id, reason: string, options: ImpersonationOptions = {}): Promise<ImpersonationToken> {
    const body = { ...options, user_id: toId(userId), reason };
    return unwrap(await this.apiClient.raw.POST(IMPERSONATE, { body }));
  }

  /** End an impersonation session (or withdraw a pending request): its token stops working at once. */
  async endImpersonation(sessionId: Id): Promise<ImpersonationSession> {
    const path = { session_id: toId(sessionId) };
    return unwrap(await this.apiClient.raw.POST(IMPERSONATION_END, { params: { path } }));
  }

  /**
   * The specification's bulkUpdateUsers: change the status, or fields (support_priority, platform_role, courses), of
   * many people at once, as a background operation; the answer is the operation (follow it with
   * BulkOperationsService.getBulkOperation or the SSE channel bulk-<operation_id>).
   */
  async bulkUpdateUsers(userIds: Id[], updates: BulkUserUpdate, dryRun = false): Promise<BulkOperationResult> {
    const user_ids = userIds.map(toId);
    const body: BulkOperationRequest =
      "status" in updates
        ? { operation_type: "update_status", dry_run: dryRun, parameters: { user_ids, ...updates } }
        : { operation_type: "update_fields", dry_run: dryRun, parameters: { user_ids, fields: updates } };
    return unwrap(await this.apiClient.raw.POST("/api/users/bulk-operations/", { body }));
  }
}

export type BulkUserUpdate =
  | { status: AccountStatus; reason?: string }
  | Schemas["FieldChangesIn"];
