/**
 * The client against a running server: BASE_URL, USERNAME and PASSWORD (a support admin, who may also create
 * learners and articles). tests/integration/test_typescript_client.py starts one and runs this with them set.
 */
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import {
  ApiError,
  ModernApiClient,
  ModernSupportService,
  ModernUserManagementService,
  type SupportTicketDetail,
} from "../src/index.js";

const { BASE_URL, USERNAME, PASSWORD } = process.env;
const skip = BASE_URL ? false : "set BASE_URL, USERNAME and PASSWORD to run the client against a server";

describe("the client against a live server", { skip }, () => {
  const api = new ModernApiClient({ baseUrl: BASE_URL ?? "" });
  const users = new ModernUserManagementService(api);
  const support = new ModernSupportService(api);
  const tag = `ts${Date.now().toString(36)}`;
  let me = 0;
  let learner = 0;
  let ticket: SupportTicketDetail;

  before(async () => {
    const login = await api.login(USERNAME ?? "", PASSWORD ?? "");
    assert.ok(login.user, "the demo account signs in without MFA (MFA_REQUIRED_ROLES is empty in development)");
    me = login.user.id;
    // a learner of our own, through the typed raw client (creating people is not part of the services)
    const created = await api.raw.POST("/api/users/profiles/", {
      body: {
        username: `${tag}_learner`,
        email: `${tag}@example.com`,
        first_name: "Tess",
        last_name: "Script",
        // fields with defaults that the generated types make required (see README)
        account_status: "active",
        platform_role: "learner",
        support_priority: "normal",
        marketing_consent: false,
      },
    });
    assert.equal(created.response.status, 201, JSON.stringify(created.error));
    learner = created.data?.id ?? 0;
  });

  test("a wrong password is an ApiError with the API's code", async () => {
    const stranger = new ModernApiClient({ baseUrl: BASE_URL ?? "" });
    await assert.rejects(stranger.login(USERNAME ?? "", "not-the-password"), (e: unknown) => {
      return e instanceof ApiError && e.status === 401 && e.code.length > 0;
    });
  });

  test("searchUsers finds the learner by name; getUserProfiles pages and filters", async () => {
    const found = await users.searchUsers(tag, { limit: 5 });
    assert.deepEqual(
      found.map((u) => u.id),
      [learner],
    );
    const page = await users.getUserProfiles({ status: ["active"], sort: "-date_joined" }, { limit: 3 });
    assert.ok(page.items.length <= 3 && page.total >= 1);
    assert.ok(page.items.every((u) => u.account_status === "active"));
    assert.equal(page.items[0]?.id, learner);
  });

  test("getUserProfile takes the specification's string ids; updateUserStatus records the reason", async () => {
    const profile = await users.getUserProfile(String(learner));
    assert.equal(profile.username, `${tag}_learner`);
    const suspended = await users.updateUserStatus(learner, "suspended", "payment dispute");
    assert.equal(suspended.account_status, "suspended");
    assert.equal(suspended.status_reason, "payment dispute");
    const restored = await users.updateUserStatus(learner, "active", "dispute settled");
    const history = restored.status_history.map((h) => `${h.from_status}>${h.to_status}: ${h.reason}`);
    assert.ok(history.includes("active>suspended: payment dispute"), history.join("; "));
    assert.ok(history.includes("suspended>active: dispute settled"), history.join("; "));
  });

  test("getUserActivity keeps to the time range", async () => {
    const [active] = (await users.getUserProfiles({ sort: "-last_activity" }, { limit: 1 })).items;
    assert.ok(active?.last_activity, "the server has learners with activity");
    const last = new Date(active.last_activity);
    const from = new Date(last.getTime() - 30 * 86_400_000);
    const within = await users.getUserActivity(active.id, { from, to: last }, { limit: 50 });
    assert.ok(within.items.length >= 1);
    assert.ok(within.items.every((a) => new Date(a.timestamp) >= from && new Date(a.timestamp) <= last));
    const before1971 = await users.getUserActivity(active.id, { to: "1971-01-01T00:00:00Z" });
    assert.deepEqual(before1971.items, []);
    assert.ok(Array.isArray((await users.getUserActivity(active.id, "7d")).items));
  });

  test("createSupportTicket, addTicketUpdate, then updateTicket with the version it returned", async () => {
    const created = await support.createSupportTicket({
      title: `Quiz will not submit (${tag})`,
      description: "The submit button spins forever.",
      user_id: learner,
      priority: "high",
    });
    assert.equal(created.status, "open");
    const posted = await support.addTicketUpdate(created.id, { content: "Looking into it." });
    assert.equal(posted.update.update_type, "comment");
    assert.ok(posted.update.id > 0, "the update has its stored id");
    assert.ok(posted.ticket_version > created.version, "posting bumps the ticket's version and says so");
    const read = await support.getSupportTicket(created.id);
    assert.ok(read.updates.some((u) => u.id === posted.update.id && u.content === "Looking into it."));
    const change = { version: posted.ticket_version, status: "in_progress", note: "reproducing" } as const;
    ticket = await support.updateTicket(created.id, change);
    assert.equal(ticket.status, "in_progress");
    assert.ok(ticket.version > posted.ticket_version);
    const stale = support.updateTicket(created.id, { version: posted.ticket_version, priority: "urgent" });
    await assert.rejects(stale, (e: unknown) => e instanceof ApiError && e.status === 409 && e.code === "stale_ticket");
  });

  test("assignTicket assigns with the ticket's current version", async () => {
    const assigned = await support.assignTicket(ticket.id, me);
    assert.equal(assigned.assigned_to?.id, me);
    assert.ok(assigned.version > ticket.version);
  });

  test("getSupportTickets filters the queue", async () => {
    const mine = await support.getSupportTickets({ assigned_to: "me", status: ["in_progress"], user: learner });
    assert.deepEqual(
      mine.items.map((t) => t.id),
      [ticket.id],
    );
    assert.ok(Object.keys(mine.counts).length > 0);
  });

  test("getSupportAnalytics maps the time range to from and to", async () => {
    const report = await support.getSupportAnalytics("30d", "week");
    assert.ok(report.total >= 1);
    assert.equal(report.group_by, "week");
    const span = new Date(report.to).getTime() - new Date(report.from).getTime();
    assert.ok(Math.abs(span - 30 * 86_400_000) < 60_000, `30 days, not ${span} ms`);
  });

  test("searchKnowledgeBase finds a published article", async () => {
    const made = await api.raw.POST("/api/support/knowledge-base/", {
      body: {
        title: `Resetting quiz attempts ${tag}`,
        body: "Ask an agent.",
        category: "technical",
        status: "published",
      },
    });
    assert.equal(made.response.status, 201, JSON.stringify(made.error));
    const results = await support.searchKnowledgeBase(tag);
    assert.deepEqual(
      results.items.map((a) => a.title),
      [`Resetting quiz attempts ${tag}`],
    );
  });
});
