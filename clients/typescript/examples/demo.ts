/**
 * A tour of the client against a running server (`make run` in the repository root prints the password):
 *   BASE_URL=http://127.0.0.1:8000 USERNAME=demo_support_admin PASSWORD=... npm run example
 */
import { ApiError, ModernApiClient, ModernSupportService, ModernUserManagementService } from "../src/index.js";

const baseUrl = process.env.BASE_URL ?? "http://127.0.0.1:8000";
const username = process.env.USERNAME ?? "demo_support_admin";
const password = process.env.PASSWORD;

async function main(): Promise<void> {
  if (!password) {
    console.error("Set PASSWORD to the one `make run` printed (and BASE_URL, USERNAME if not the defaults).");
    process.exit(2);
  }
  const api = new ModernApiClient({ baseUrl });
  const users = new ModernUserManagementService(api);
  const support = new ModernSupportService(api);

  const signedIn = await api.login(username, password);
  const user = signedIn.user;
  if (signedIn.mfa_required || user === null) {
    throw new Error(`${username} has MFA: finish with api.loginMfa(challenge, { code }) (docs/security.md)`);
  }
  console.log(`Logged in to ${baseUrl} as ${user.username} (${user.roles.join(", ")})`);

  const page = await users.getUserProfiles({ status: ["active"], sort: "-risk_score" }, { limit: 3 });
  console.log(`\n${page.total} active learners; the riskiest three:`);
  for (const u of page.items) {
    console.log(`  #${u.id} ${u.username}  risk ${u.risk_score}  completion ${u.completion_rate}%`);
  }

  const [learner] = await users.searchUsers("demo.learner");
  if (!learner) throw new Error("demo_learner is not there: is this the server `make run` started?");
  const profile = await users.getUserProfile(learner.id);
  console.log(`\nProfile of ${profile.username}: ${profile.account_status}, ${profile.enrollments.length} enrollments`);
  const [recent] = await users.searchUsers("", { sort: "-last_activity", limit: 1 });
  const active = recent ?? learner;
  const activity = await users.getUserActivity(active.id, "30d", { limit: 5 });
  console.log(`${active.username}, active most recently; the latest ${activity.items.length} of the last 30 days:`);
  for (const a of activity.items) console.log(`  ${a.timestamp}  ${a.activity_type}`);

  const queue = await support.getSupportTickets({ status: ["open", "in_progress"], limit: 5 });
  console.log(`\nQueue: ${JSON.stringify(queue.counts)}`);
  for (const t of queue.items) console.log(`  ${t.ticket_id} [${t.priority}/${t.status}] ${t.title}`);

  const created = await support.createSupportTicket({
    title: "Cannot download the certificate",
    description: "The download button does nothing (opened by the TypeScript client example).",
    user_id: profile.id,
  });
  console.log(`\nCreated ${created.ticket_id} (${created.category}, ${created.priority}), version ${created.version}`);
  await support.addTicketUpdate(created.id, { update_type: "internal_note", content: "Checking the PDF service." });
  const read = await support.getSupportTicket(created.id);
  const working = await support.updateTicket(created.id, { version: read.version, status: "in_progress" });
  console.log(`Moved to ${working.status} at version ${read.version}: now version ${working.version}`);
  try {
    await support.updateTicket(created.id, { version: read.version, priority: "urgent" });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.log(`A second PATCH with version ${read.version} is refused: ${error.status} ${error.code}`);
  }
  const assigned = await support.assignTicket(created.id, user.id);
  console.log(`Assigned to ${assigned.assigned_to?.username ?? "nobody"}; ${assigned.updates.length} updates`);

  const analytics = await support.getSupportAnalytics("30d");
  console.log(`\nLast 30 days: ${analytics.total} tickets, by status ${JSON.stringify(analytics.by_status)}`);

  const articles = await support.searchKnowledgeBase("password");
  console.log(`Knowledge base, "password": ${articles.items.length} articles`);
}

main().catch((error: unknown) => {
  console.error(error instanceof ApiError ? `API error: ${error.message}` : error);
  process.exit(1);
});
