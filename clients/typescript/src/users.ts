/** The specification's ModernUserManagementService over /api/users/. */
import type { BulkOperationRequest, BulkOperationResult } from "./bulk.js";
import { type Answer, type Body, type Id, ModernApiClient, type Query, type Schemas, toId, unwrap } from "./client.js";
import { resolveTimeRange, type TimeRange } from "./timeRange.js";

const PROFILES = "/api/users/profiles/";
const PROFILE = "/api/users/profiles/{user_id}/";
const ACTIVITY = "/api/users/activity/{user_id}/";

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

  // impersonateUser comes with its endpoint (not in the API yet).
}

export type BulkUserUpdate =
  | { status: AccountStatus; reason?: string }
  | Schemas["FieldChangesIn"];
