/** Bulk operations over /api/users/bulk-operations/: start (JSON, or an import file), follow, cancel, approve. */
import { type Answer, type Body, type Id, ModernApiClient, type Query, toId, unwrap } from "./client.js";

const OPERATIONS = "/api/users/bulk-operations/";
const OPERATION = "/api/users/bulk-operations/{operation_id}/";
const ERRORS = "/api/users/bulk-operations/{operation_id}/errors";

/** The specification's BulkOperationResult, with created_by, parameters, dry_run, rate_per_s, eta_s and more. */
export type BulkOperationResult = Answer<typeof OPERATION, "get">;
export type BulkOperationPage = Answer<typeof OPERATIONS, "get">;
export type BulkOperationFilters = Query<typeof OPERATIONS>;
export type BulkOperationRequest = Body<typeof OPERATIONS, "post">;
export type RowErrorPage = Answer<typeof ERRORS, "get">;
export type ImportMode = "create_only" | "update_only" | "upsert";

export class BulkOperationsService {
  constructor(private readonly apiClient: ModernApiClient, private readonly baseUrl = "") {}

  /** Start update_status, update_fields, notify or export; 202 with the operation (it runs in the background). */
  async initiateBulkOperation(request: BulkOperationRequest): Promise<BulkOperationResult> {
    return unwrap(await this.apiClient.raw.POST(OPERATIONS, { body: request }));
  }

  /** Upload a CSV or XLSX file of people (mode create_only, update_only or upsert); a dry run writes nothing. */
  async processBulkUserImport(file: Blob, mode: ImportMode = "create_only", dryRun = false, name = "people.csv"):
    Promise<BulkOperationResult> {
    const form = new FormData();
    form.set("operation_type", "import_users");
    form.set("dry_run", String(dryRun));
    form.set("parameters", JSON.stringify({ mode }));
    form.set("file", file, name);
    const result = await this.apiClient.raw.POST(OPERATIONS, {
      body: form as unknown as BulkOperationRequest,
      bodySerializer: (body: unknown) => body as FormData,
    });
    return unwrap(result) as BulkOperationResult;
  }

  async getBulkOperation(operationId: Id): Promise<BulkOperationResult> {
    return unwrap(await this.apiClient.raw.GET(OPERATION, { params: { path: { operation_id: toId(operationId) } } }));
  }

  async listBulkOperations(filters: BulkOperationFilters = {}): Promise<BulkOperationPage> {
    return unwrap(await this.apiClient.raw.GET(OPERATIONS, { params: { query: filters } }));
  }

  /** One page of row errors (row or user id, field, code, message). */
  async getBulkOperationErrors(operationId: Id, cursor?: string): Promise<RowErrorPage> {
    const params = { path: { operation_id: toId(operationId) }, query: cursor ? { cursor } : {} };
    return unwrap(await this.apiClient.raw.GET(ERRORS, { params }));
  }

  async cancelBulkOperation(operationId: Id): Promise<BulkOperationResult> {
    const path = { operation_id: toId(operationId) };
    return unwrap(await this.apiClient.raw.POST("/api/users/bulk-operations/{operation_id}/cancel", { params: { path } }));
  }

  /** A second admin's approval of an operation over BULK_APPROVAL_THRESHOLD people. */
  async approveBulkOperation(operationId: Id): Promise<BulkOperationResult> {
    const path = { operation_id: toId(operationId) };
    return unwrap(await this.apiClient.raw.POST("/api/users/bulk-operations/{operation_id}/approve", { params: { path } }));
  }

  /** Where an export's file (or the row errors as CSV) is downloaded, with the bearer token. */
  downloadUrl(operationId: Id, what: "download" | "errors.csv" = "download"): string {
    return `${this.baseUrl.replace(/\/+$/, "")}/api/users/bulk-operations/${toId(operationId)}/${what}`;
  }
}
