/**
 * The API client every service shares: openapi-fetch over the generated `paths`, a bearer token added to each
 * request, and one error type for the API's one error body (`{"error": {"code", "message", "details"}}`).
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths };
export type Schemas = components["schemas"];
export type Id = number | string;

/** An answer other than 2xx: the HTTP status and the API's error code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = {},
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = "ApiError";
  }
}

function isErrorBody(body: unknown): body is Schemas["ErrorOut"] {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const error = body.error;
  return typeof error === "object" && error !== null && "code" in error && "message" in error;
}

/** The body of a successful answer; an ApiError for any other. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { data, error, response } = result;
  if (!response.ok || error !== undefined) {
    if (isErrorBody(error)) {
      throw new ApiError(response.status, error.error.code, error.error.message, error.error.details);
    }
    throw new ApiError(response.status, "http_error", response.statusText || "request failed");
  }
  return data as T;
}

/** The integer id the API takes, from a number or a numeric string (the specification's ids are strings). */
export function toId(id: Id): number {
  const value = typeof id === "number" ? id : Number(id.trim());
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`not an id: ${String(id)}`);
  return value;
}

export interface ClientOptions {
  /** Where the API is served, e.g. http://127.0.0.1:8000 (paths start with /api/). */
  baseUrl: string;
  /** A token from POST /api/auth/login; or call login(). */
  token?: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
}

/** The specification's ModernApiClient: the typed openapi-fetch client plus the session's token. */
export class ModernApiClient {
  readonly raw: Client<paths>;
  private token: string | undefined;

  constructor(options: ClientOptions) {
    this.token = options.token;
    this.raw = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ""), fetch: options.fetch });
    const bearer: Middleware = {
      onRequest: ({ request }) => {
        if (this.token) request.headers.set("Authorization", `Bearer ${this.token}`);
        return request;
      },
    };
    this.raw.use(bearer);
  }

  get authenticated(): boolean {
    return this.token !== undefined;
  }

  /** Log in with a username and password; later requests carry the token. With MFA the answer has
   * `mfa_required: true` and a `challenge` instead: finish with loginMfa(). */
  async login(username: string, password: string): Promise<Schemas["LoginOut"]> {
    const out = unwrap(await this.raw.POST("/api/auth/login", { body: { username, password } }));
    if (!out.mfa_required && out.token) this.token = out.token;
    return out;
  }

  /** The second step of a login with MFA: the challenge and the authenticator's code (or a recovery code). */
  async loginMfa(challenge: string, code: { code: string } | { recovery_code: string }): Promise<Schemas["LoginOut"]> {
    const out = unwrap(await this.raw.POST("/api/auth/login/mfa", { body: { challenge, ...code } }));
    if (out.token) this.token = out.token;
    return out;
  }

  /** Who the token belongs to: roles and permissions. */
  async me(): Promise<Schemas["MeOut"]> {
    return unwrap(await this.raw.GET("/api/auth/me"));
  }

  /** Revoke the token. */
  async logout(): Promise<void> {
    unwrap(await this.raw.POST("/api/auth/logout"));
    this.token = undefined;
  }
}

/* Types by path and method, so that a regenerated schema.d.ts carries the services along. */
type Method = "get" | "post" | "put" | "patch" | "delete";
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;

/** The JSON body of a successful (2xx) answer. */
export type Answer<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? JsonContent<R[Extract<keyof R, 200 | 201 | 202>]> : never;
/** The JSON request body. */
export type Body<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;
/** The query parameters. */
export type Query<P extends keyof paths, M extends Method = "get"> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** T with the keys K optional: request fields that have a default but that the generated types make required. */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
