"""Every `code` the API puts in its error body, with its status and what it means.

The error body's `code` is this enum in the OpenAPI document, `docs/errors.md` is rendered from it
(`python -m domain.shared.error_codes > docs/errors.md`), and tests/api/test_error_codes.py fails when the
source raises a code that is not here, when a code here is raised nowhere, or when the document is stale."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # transport and authentication
    BAD_REQUEST = "bad_request"
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_CREDENTIALS = "invalid_credentials"
    LOGIN_THROTTLED = "login_throttled"
    INVALID_UNBLOCK_TOKEN = "invalid_unblock_token"  # noqa: S105 (a code, not a token)
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_ERROR = "validation_error"
    TOO_MANY_REQUESTS = "too_many_requests"
    INTERNAL_ERROR = "internal_error"
    UNAVAILABLE = "unavailable"
    TOO_MANY_PARAMETERS = "too_many_parameters"
    INVALID_TEXT = "invalid_text"
    INVALID_NUMBER = "invalid_number"
    INVALID_INPUT = "invalid_input"
    # lists
    INVALID_CURSOR = "invalid_cursor"
    INVALID_LIMIT = "invalid_limit"
    # event stream
    INVALID_CHANNELS = "invalid_channels"
    INVALID_LAST_EVENT_ID = "invalid_last_event_id"
    UNKNOWN_CHANNEL = "unknown_channel"
    # staff and learner accounts
    NOT_A_STAFF_ROLE = "not_a_staff_role"
    USERNAME_TAKEN = "username_taken"
    IDENTITY_TAKEN = "identity_taken"
    WEAK_PASSWORD = "weak_password"  # noqa: S105 (a code, not a password)
    WRONG_CURRENT_PASSWORD = "wrong_current_password"  # noqa: S105 (a code, not a password)
    INVALID_RESET_TOKEN = "invalid_reset_token"  # noqa: S105 (a code, not a token)
    NO_EMAIL_ADDRESS = "no_email_address"
    INVALID_USERNAME = "invalid_username"
    INVALID_EMAIL = "invalid_email"
    INVALID_INITIAL_STATUS = "invalid_initial_status"
    INVALID_PLATFORM_ROLE = "invalid_platform_role"
    USER_NOT_FOUND = "user_not_found"
    SESSION_NOT_FOUND = "session_not_found"
    EMPTY_UPDATE = "empty_update"
    INVALID_STATUS_TRANSITION = "invalid_status_transition"
    STATUS_REASON_REQUIRED = "status_reason_required"
    STATUS_REASON_TOO_LONG = "status_reason_too_long"
    EMPTY_BATCH = "empty_batch"
    BATCH_TOO_LARGE = "batch_too_large"
    # support desk
    TICKET_NOT_FOUND = "ticket_not_found"
    INVALID_TICKET = "invalid_ticket"
    INVALID_CATEGORY = "invalid_category"
    INVALID_TAGS = "invalid_tags"
    INVALID_CONTENT = "invalid_content"
    INVALID_UPDATE_TYPE = "invalid_update_type"
    INVALID_RATING = "invalid_rating"
    INVALID_RANGE = "invalid_range"
    INVALID_TICKET_TRANSITION = "invalid_ticket_transition"
    STALE_TICKET = "stale_ticket"
    TICKET_CLOSED = "ticket_closed"
    TICKET_NOT_OPEN = "ticket_not_open"
    TICKET_NOT_RESOLVED = "ticket_not_resolved"
    REASON_REQUIRED = "reason_required"
    USER_REQUIRED = "user_required"
    NOT_AN_AGENT = "not_an_agent"
    NOT_STAFF = "not_staff"
    AGENT_NOT_FOUND = "agent_not_found"
    TEAM_NOT_FOUND = "team_not_found"
    # knowledge base
    ARTICLE_NOT_FOUND = "article_not_found"
    ARTICLE_IS_DRAFT = "article_is_draft"
    STALE_ARTICLE = "stale_article"
    INVALID_TITLE = "invalid_title"
    BODY_TOO_LONG = "body_too_long"
    UNKNOWN_CATEGORY = "unknown_category"
    TOO_MANY_TAGS = "too_many_tags"
    # account security
    SECURITY_EVENT_NOT_FOUND = "security_event_not_found"
    SECURITY_EVENT_RESOLVED = "security_event_resolved"
    RESOLUTION_NOTE_REQUIRED = "resolution_note_required"
    RESOLUTION_NOTE_TOO_LONG = "resolution_note_too_long"
    # impersonation
    IMPERSONATION_REASON_REQUIRED = "impersonation_reason_required"
    CANNOT_IMPERSONATE_SELF = "cannot_impersonate_self"
    TARGET_IS_SUPERUSER = "target_is_superuser"
    TARGET_IS_STAFF = "target_is_staff"
    TARGET_NOT_ACTIVE = "target_not_active"
    ALREADY_IMPERSONATING = "already_impersonating"
    IMPERSONATION_NESTED = "impersonation_nested"
    CANNOT_APPROVE_OWN_REQUEST = "cannot_approve_own_request"
    APPROVAL_EXPIRED = "approval_expired"
    IMPERSONATION_NOT_PENDING = "impersonation_not_pending"
    IMPERSONATION_ALREADY_ENDED = "impersonation_already_ended"
    IMPERSONATION_NOT_FOUND = "impersonation_not_found"
    IMPERSONATION_EXPIRED = "impersonation_expired"
    IMPERSONATION_PENDING_APPROVAL = "impersonation_pending_approval"
    IMPERSONATION_ENDED = "impersonation_ended"
    IMPERSONATION_READ_ONLY = "impersonation_read_only"
    IMPERSONATION_NOT_ALLOWED = "impersonation_not_allowed"
    # live monitoring
    ERROR_GROUP_NOT_FOUND = "error_group_not_found"
    INVALID_GROUP_STATUS = "invalid_group_status"
    MERGE_INTO_ITSELF = "merge_into_itself"
    GROUP_HAS_TICKET = "group_has_ticket"
    GROUP_HAS_NO_LEARNER = "group_has_no_learner"
    INVALID_ASSIGNEE = "invalid_assignee"
    # MFA
    INVALID_MFA_CODE = "invalid_mfa_code"
    INVALID_MFA_CHALLENGE = "invalid_mfa_challenge"
    WRONG_MFA_CODE = "wrong_mfa_code"
    MFA_THROTTLED = "mfa_throttled"
    MFA_ENROLMENT_REQUIRED = "mfa_enrolment_required"
    MFA_ALREADY_ENROLLED = "mfa_already_enrolled"
    MFA_NOT_PENDING = "mfa_not_pending"
    MFA_NOT_ENROLLED = "mfa_not_enrolled"
    MFA_REQUIRED_BY_ROLE = "mfa_required_by_role"
    MFA_RESET_OWN = "mfa_reset_own"
    MFA_RESET_SAME_ADMIN = "mfa_reset_same_admin"
    MFA_RESET_PENDING = "mfa_reset_pending"
    MFA_RESET_NOT_FOUND = "mfa_reset_not_found"
    MFA_RESET_EXPIRED = "mfa_reset_expired"
    MFA_RESET_NOT_PENDING = "mfa_reset_not_pending"
    # bulk operations
    BULK_OPERATION_NOT_FOUND = "bulk_operation_not_found"
    BULK_OPERATION_RUNNING = "bulk_operation_running"
    BULK_OPERATION_FINISHED = "bulk_operation_finished"
    NOT_AWAITING_APPROVAL = "not_awaiting_approval"
    SECOND_ADMIN_REQUIRED = "second_admin_required"
    INVALID_BULK_PARAMETERS = "invalid_bulk_parameters"
    INVALID_IMPORT_FILE = "invalid_import_file"
    INVALID_IMPORT_COLUMNS = "invalid_import_columns"
    TOO_MANY_ROWS = "too_many_rows"
    BULK_FILE_TOO_LARGE = "bulk_file_too_large"
    EXPORT_NOT_AVAILABLE = "export_not_available"
    EXPORT_EXPIRED = "export_expired"
    # privacy and compliance
    UNKNOWN_CONSENT_TYPE = "unknown_consent_type"
    CONSENT_REASON_REQUIRED = "consent_reason_required"
    CONSENT_REASON_TOO_LONG = "consent_reason_too_long"
    STAFF_ACCOUNT = "staff_account"
    PRIVACY_REQUEST_OPEN = "privacy_request_open"
    PRIVACY_REQUEST_NOT_FOUND = "privacy_request_not_found"
    PRIVACY_REQUEST_NOT_AWAITING = "privacy_request_not_awaiting"
    PRIVACY_REQUEST_PROCESSING = "privacy_request_processing"
    PRIVACY_REQUEST_FINISHED = "privacy_request_finished"
    OWN_PRIVACY_REQUEST = "own_privacy_request"
    PRIVACY_REASON_REQUIRED = "privacy_reason_required"
    PRIVACY_REASON_TOO_LONG = "privacy_reason_too_long"
    PRIVACY_EXPORT_NOT_READY = "privacy_export_not_ready"
    PRIVACY_EXPORT_EXPIRED = "privacy_export_expired"
    LEGAL_HOLD_NOT_FOUND = "legal_hold_not_found"
    LEGAL_HOLD_INACTIVE = "legal_hold_inactive"
    LEGAL_HOLD_ENDS_IN_PAST = "legal_hold_ends_in_past"
    # learner analytics
    INVALID_SEGMENT = "invalid_segment"
    INVALID_INTERVAL = "invalid_interval"
    INVALID_COHORT = "invalid_cohort"
    INVALID_PERIOD = "invalid_period"
    COURSE_NOT_FOUND = "course_not_found"
    # saved views (the staff console)
    SAVED_VIEW_NOT_FOUND = "saved_view_not_found"
    NOT_VIEW_OWNER = "not_view_owner"
    SAVED_VIEW_NAME_TAKEN = "saved_view_name_taken"
    TOO_MANY_SAVED_VIEWS = "too_many_saved_views"
    NO_TEAM = "no_team"
    INVALID_VIEW_NAME = "invalid_view_name"
    INVALID_VIEW_PARAMS = "invalid_view_params"


E = ErrorCode
CATALOGUE: dict[ErrorCode, tuple[int, str]] = {
    E.BAD_REQUEST: (400, "The request was refused before it reached an endpoint (a malformed request)."),
    E.NOT_AUTHENTICATED: (401, "No valid credentials: log in and send `Authorization: Bearer <token>`."),
    E.INVALID_CREDENTIALS: (401, "Wrong username or password, or the account may not log in."),
    E.LOGIN_THROTTLED: (
        429,
        "Too many failed logins for this account from your network, for the account, or from your network: "
        "wait `Retry-After` seconds. The message is the wrong password's; no password was checked.",
    ),
    E.INVALID_UNBLOCK_TOKEN: (400, "The unblock link was used already, expired (24 h) or is mistyped."),
    E.PERMISSION_DENIED: (403, "Your roles do not grant this operation (the refusal is audited)."),
    E.CSRF_FAILED: (
        403,
        "A browser session's unsafe request (or its sign-in) without the right X-CSRFToken header: read the token "
        "from GET /api/auth/csrf (it changes at sign-in).",
    ),
    E.NOT_FOUND: (404, "No such route or object."),
    E.METHOD_NOT_ALLOWED: (405, "The route exists but not for this method; `details.allow` lists the methods."),
    E.CONFLICT: (409, "The change conflicts with the current state."),
    E.PAYLOAD_TOO_LARGE: (413, "The request body is larger than the server accepts."),
    E.UNSUPPORTED_MEDIA_TYPE: (415, "Send `Content-Type: application/json`."),
    E.VALIDATION_ERROR: (422, "A field is missing, of the wrong type or out of range; `details.fields` says which."),
    E.TOO_MANY_REQUESTS: (429, "Too many requests; wait for `Retry-After` seconds."),
    E.INTERNAL_ERROR: (500, "A bug: the server logged it with the request id (`X-Request-ID`)."),
    E.UNAVAILABLE: (503, "A dependency the request needs is down; retry later."),
    E.TOO_MANY_PARAMETERS: (400, "More query or form parameters than the server accepts."),
    E.INVALID_TEXT: (422, "A text field holds a NUL character or an unpaired surrogate."),
    E.INVALID_NUMBER: (422, "A number is out of range (larger than a 64-bit integer, or not finite)."),
    E.INVALID_INPUT: (400, "The request is well formed but not acceptable."),
    E.INVALID_CURSOR: (400, "The cursor was not issued by this list with this sort; start from the first page."),
    E.INVALID_LIMIT: (400, "`limit` must be between 1 and 200."),
    E.INVALID_CHANNELS: (400, "Name between 1 and the allowed number of channels with `?channel=`."),
    E.INVALID_LAST_EVENT_ID: (400, "`Last-Event-ID` is not an event id this stream issued."),
    E.UNKNOWN_CHANNEL: (404, "No such event-stream channel."),
    E.NOT_A_STAFF_ROLE: (400, "Staff accounts take a staff role; learners are created as profiles."),
    E.USERNAME_TAKEN: (409, "The username is in use."),
    E.IDENTITY_TAKEN: (409, "The username or e-mail is in use; `details.fields` says which."),
    E.WRONG_CURRENT_PASSWORD: (400, "The current password given to change it is not right (audited)."),
    E.INVALID_RESET_TOKEN: (400, "The password reset link was used already, expired (1 h) or is mistyped."),
    E.NO_EMAIL_ADDRESS: (422, "The person has no e-mail address to send a password reset link to."),
    E.WEAK_PASSWORD: (
        422,
        "The password fails the password policy; `details.reasons` lists why (too_short, too_long, common, "
        "contains_personal_info, recently_used), never the password.",
    ),
    E.INVALID_USERNAME: (400, "Usernames are 3-150 letters, digits or @.+-_."),
    E.INVALID_EMAIL: (400, "Not an e-mail address."),
    E.INVALID_INITIAL_STATUS: (400, "A new account starts pending or active."),
    E.INVALID_PLATFORM_ROLE: (400, "This platform role cannot be given here."),
    E.USER_NOT_FOUND: (404, "No such user."),
    E.SESSION_NOT_FOUND: (404, "No such live session of this person (another person's session id answers the same)."),
    E.EMPTY_UPDATE: (400, "The change names no field to change."),
    E.INVALID_STATUS_TRANSITION: (409, "The account cannot move to that status; `details.allowed` lists targets."),
    E.STATUS_REASON_REQUIRED: (422, "This status change needs a reason."),
    E.STATUS_REASON_TOO_LONG: (422, "The status reason is too long."),
    E.EMPTY_BATCH: (400, "The batch holds no events."),
    E.BATCH_TOO_LARGE: (400, "At most 1,000 events per batch."),
    E.TICKET_NOT_FOUND: (404, "No such ticket (or not one of yours)."),
    E.INVALID_TICKET: (400, "A ticket needs a title (1-200) and a description (1-20,000 characters)."),
    E.INVALID_CATEGORY: (400, "Unknown ticket category; `details.allowed` lists them."),
    E.INVALID_TAGS: (400, "Tags are short words; too many or too long."),
    E.INVALID_CONTENT: (400, "The update's text is empty or too long."),
    E.INVALID_UPDATE_TYPE: (400, "Unknown kind of ticket update."),
    E.INVALID_RATING: (400, "A satisfaction rating is 1 to 5."),
    E.INVALID_RANGE: (400, "`from` must precede `to`, at most 366 days apart; `group_by` day, week or month."),
    E.INVALID_TICKET_TRANSITION: (409, "The ticket cannot move to that status; `details.allowed` lists targets."),
    E.STALE_TICKET: (409, "Someone changed the ticket since you read it: re-read it and send its `version`."),
    E.TICKET_CLOSED: (409, "The ticket is closed."),
    E.TICKET_NOT_OPEN: (409, "The ticket is no longer open for this."),
    E.TICKET_NOT_RESOLVED: (409, "Only a resolved ticket can be rated."),
    E.REASON_REQUIRED: (400, "This action needs a reason."),
    E.USER_REQUIRED: (400, "A staff member opening a ticket names the learner it is for."),
    E.NOT_AN_AGENT: (400, "The assignee is not an agent of the desk."),
    E.NOT_STAFF: (400, "Only active staff can be agents."),
    E.AGENT_NOT_FOUND: (404, "No such agent."),
    E.TEAM_NOT_FOUND: (404, "No such team."),
    E.ARTICLE_NOT_FOUND: (404, "No such article (or not published)."),
    E.ARTICLE_IS_DRAFT: (409, "A draft article cannot be linked or voted on."),
    E.STALE_ARTICLE: (409, "Someone changed the article since you read it: re-read it and send its `version`."),
    E.INVALID_TITLE: (422, "An article title is 1-200 characters."),
    E.BODY_TOO_LONG: (422, "The article body is too long."),
    E.UNKNOWN_CATEGORY: (422, "Unknown article category; `details.allowed` lists them."),
    E.TOO_MANY_TAGS: (422, "Too many tags on the article."),
    E.SECURITY_EVENT_NOT_FOUND: (404, "No such security event."),
    E.SECURITY_EVENT_RESOLVED: (409, "The security event is already resolved; `details.resolved_by` says by whom."),
    E.RESOLUTION_NOTE_REQUIRED: (422, "Resolving a security event needs a note saying what was done."),
    E.RESOLUTION_NOTE_TOO_LONG: (422, "The resolution note is longer than 2,000 characters."),
    E.IMPERSONATION_REASON_REQUIRED: (422, "Impersonating someone needs a reason of at least 15 characters."),
    E.CANNOT_IMPERSONATE_SELF: (403, "You cannot impersonate yourself."),
    E.TARGET_IS_SUPERUSER: (403, "Superusers are never impersonated."),
    E.TARGET_IS_STAFF: (403, "The person holds a staff role of equal or higher privilege than yours."),
    E.TARGET_NOT_ACTIVE: (403, "The account is not active: it can be impersonated read-only only."),
    E.ALREADY_IMPERSONATING: (403, "You already have an impersonation session or request open: end it first."),
    E.IMPERSONATION_NESTED: (403, "An impersonation token cannot start, approve or reject impersonation."),
    E.CANNOT_APPROVE_OWN_REQUEST: (403, "Someone other than the requester must approve or reject a request."),
    E.APPROVAL_EXPIRED: (409, "The impersonation request went unanswered for 30 minutes and expired; ask again."),
    E.IMPERSONATION_NOT_PENDING: (409, "The impersonation request was answered already; `details.status` says how."),
    E.IMPERSONATION_ALREADY_ENDED: (409, "The impersonation session is over already; `details.status` says how."),
    E.IMPERSONATION_NOT_FOUND: (404, "No such impersonation session."),
    E.IMPERSONATION_EXPIRED: (401, "The impersonation session reached its `expires_at`: the token no longer works."),
    E.IMPERSONATION_PENDING_APPROVAL: (401, "The impersonation request waits for a second admin's approval."),
    E.IMPERSONATION_ENDED: (401, "The impersonation session was ended, rejected or suspended: the token is dead."),
    E.IMPERSONATION_READ_ONLY: (403, "A read-scope impersonation token is refused every unsafe method."),
    E.IMPERSONATION_NOT_ALLOWED: (
        403,
        "An impersonation token reaches learner-facing endpoints only, never staff endpoints, passwords, e-mail, "
        "MFA, sessions, recovery codes, exports, bulk operations, role changes or another impersonation.",
    ),
    E.ERROR_GROUP_NOT_FOUND: (
        404,
        "No such error group; a merged one names the group it joined in `details.merged_into`.",
    ),
    E.INVALID_GROUP_STATUS: (
        409,
        "A group is set unresolved, resolved or ignored; `regressed` is set when a resolved error returns.",
    ),
    E.MERGE_INTO_ITSELF: (400, "A group cannot be merged into itself."),
    E.GROUP_HAS_TICKET: (409, "The error group has a linked ticket already; `details.ticket_id` names it."),
    E.GROUP_HAS_NO_LEARNER: (409, "No learner has hit this error: name the learner the ticket is for with `user_id`."),
    E.INVALID_ASSIGNEE: (400, "The assignee must be an active staff member who may see error groups."),
    E.INVALID_MFA_CODE: (
        401,
        "The second login step's code is wrong, malformed, expired or was used already (a code works once), or the "
        "recovery code is unknown or used. Five on one challenge burn it: sign in with the password again. Also the "
        "step-up code (`totp_code`) asked of an enrolled staff member starting or approving an impersonation.",
    ),
    E.INVALID_MFA_CHALLENGE: (
        401,
        "The login challenge is unknown, expired (5 min), used, burnt, or sent from another network: sign in with "
        "the password again.",
    ),
    E.WRONG_MFA_CODE: (400, "The authenticator code given to confirm, turn off or renew MFA is not right (audited)."),
    E.MFA_THROTTLED: (
        429,
        "After n wrong MFA codes in a row the next is checked only after 2^(n-1) s: wait `Retry-After`.",
    ),
    E.MFA_ENROLMENT_REQUIRED: (
        403,
        "Your role requires MFA and you have none: this session can only enrol (POST /api/auth/mfa/totp and "
        "POST /api/auth/mfa/totp/confirm), read GET /api/auth/me and log out.",
    ),
    E.MFA_ALREADY_ENROLLED: (409, "MFA is on already: turn it off first to enrol another authenticator."),
    E.MFA_NOT_PENDING: (409, "No enrolment to confirm: start one with POST /api/auth/mfa/totp."),
    E.MFA_NOT_ENROLLED: (409, "The person has no MFA (to turn off, renew codes for, or reset)."),
    E.MFA_REQUIRED_BY_ROLE: (
        403,
        "A role of the person requires MFA: it cannot be turned off (an admin can reset it).",
    ),
    E.MFA_RESET_OWN: (403, "Nobody resets their own MFA (or approves its reset): ask another admin."),
    E.MFA_RESET_SAME_ADMIN: (403, "A staff member's MFA reset needs a second admin: its requester cannot approve it."),
    E.MFA_RESET_PENDING: (409, "A reset of this person's MFA already waits for approval; `details.id` names it."),
    E.MFA_RESET_NOT_FOUND: (404, "No such MFA reset request."),
    E.MFA_RESET_EXPIRED: (409, "The MFA reset request expired unapproved (24 h): ask for a new one."),
    E.MFA_RESET_NOT_PENDING: (409, "The MFA reset was carried out already."),
    E.BULK_OPERATION_NOT_FOUND: (404, "No such bulk operation."),
    E.BULK_OPERATION_RUNNING: (
        409,
        "You already have an unfinished operation of this type (pending, awaiting approval or in progress): wait "
        "for it or cancel it.",
    ),
    E.BULK_OPERATION_FINISHED: (409, "The operation is completed, failed or cancelled already."),
    E.NOT_AWAITING_APPROVAL: (409, "Only an operation awaiting approval can be approved."),
    E.SECOND_ADMIN_REQUIRED: (409, "Another admin than the one who started the operation must approve it."),
    E.INVALID_BULK_PARAMETERS: (
        422,
        "The operation's parameters do not fit its type (see docs/bulk-operations.md); `details.field` says which.",
    ),
    E.INVALID_IMPORT_FILE: (422, "The import file is not readable CSV or XLSX, or holds no rows."),
    E.INVALID_IMPORT_COLUMNS: (
        422,
        "The import file's header has unknown, repeated or missing columns; `details` lists them and the allowed.",
    ),
    E.TOO_MANY_ROWS: (422, "More rows or people than BULK_MAX_ROWS; nothing was started."),
    E.BULK_FILE_TOO_LARGE: (413, "The import file is larger than BULK_MAX_UPLOAD_MB; nothing was started."),
    E.EXPORT_NOT_AVAILABLE: (409, "Only a completed export that was not a dry run has a file to download."),
    E.EXPORT_EXPIRED: (409, "The export's link expired (BULK_EXPORT_TTL_HOURS): run the export again."),
    E.UNKNOWN_CONSENT_TYPE: (400, "A consent type that is not in PRIVACY_CONSENT_TYPES; `details.types` lists them."),
    E.CONSENT_REASON_REQUIRED: (422, "Staff recording a consent change must say why (a signed form, a call)."),
    E.CONSENT_REASON_TOO_LONG: (422, "The reason is longer than 2,000 characters."),
    E.STAFF_ACCOUNT: (
        409,
        "Staff accounts are not erased through privacy requests: remove their roles and deactivate them.",
    ),
    E.PRIVACY_REQUEST_OPEN: (
        409,
        "The person has an open request of this type (pending, awaiting approval, cooling off or processing).",
    ),
    E.PRIVACY_REQUEST_NOT_FOUND: (404, "No privacy request with this id."),
    E.PRIVACY_REQUEST_NOT_AWAITING: (409, "Only an erasure awaiting approval can be approved or rejected."),
    E.PRIVACY_REQUEST_PROCESSING: (409, "The request is being processed: it can no longer be cancelled."),
    E.PRIVACY_REQUEST_FINISHED: (
        409,
        "The request is finished already (the person is erased, or it was rejected, cancelled, expired or failed).",
    ),
    E.OWN_PRIVACY_REQUEST: (403, "Another compliance officer decides on a request you made or that is about you."),
    E.PRIVACY_REASON_REQUIRED: (422, "A reason is required (approving, rejecting, a legal hold)."),
    E.PRIVACY_REASON_TOO_LONG: (422, "The reason is longer than 2,000 characters."),
    E.PRIVACY_EXPORT_NOT_READY: (409, "The export is not built yet (or the request is not an export)."),
    E.PRIVACY_EXPORT_EXPIRED: (409, "The export's link expired (PRIVACY_EXPORT_TTL_DAYS): ask for a new export."),
    E.LEGAL_HOLD_NOT_FOUND: (404, "No legal hold with this id."),
    E.LEGAL_HOLD_INACTIVE: (409, "The legal hold was released or has ended already."),
    E.LEGAL_HOLD_ENDS_IN_PAST: (422, "A legal hold's ends_at must be in the future."),
    E.INVALID_SEGMENT: (
        400,
        "`segment` (or `compare`) is DIMENSION:VALUE with a dimension of platform_role, support_priority, "
        "account_status, signup_month, enrolment_month or course.",
    ),
    E.INVALID_INTERVAL: (400, "`interval` is day, week or month (`period` of cohorts: week or month)."),
    E.INVALID_COHORT: (400, "`by` is signup_month or first_enrolment_month."),
    E.INVALID_PERIOD: (400, "`n`, the period compared across segments, is 0 to 10."),
    E.COURSE_NOT_FOUND: (404, "No course has that code."),
    E.SAVED_VIEW_NOT_FOUND: (404, "No saved view of yours or your team's has that id."),
    E.NOT_VIEW_OWNER: (403, "Only the person who saved a view may change or delete it (your team shares this one)."),
    E.SAVED_VIEW_NAME_TAKEN: (409, "You have a saved view of this screen by that name already (names ignore case)."),
    E.TOO_MANY_SAVED_VIEWS: (409, "You keep 200 saved views already: delete one first."),
    E.NO_TEAM: (409, "You are on no support team, so a view cannot be shared with one."),
    E.INVALID_VIEW_NAME: (400, "A saved view's name is 1 to 80 characters, without control characters."),
    E.INVALID_VIEW_PARAMS: (
        400,
        "A saved view's params: at most 30, names of letters, digits and _.-[], values of at most 500 characters "
        "without control characters, 4,000 characters in all (`details.problems` says which).",
    ),
}


def render() -> str:
    lines = [
        "# Error codes",
        "",
        "Every error under `/api/` (and the event stream's refusals) has one body:",
        '`{"error": {"code": "...", "message": "...", "details": {...}}}`. Clients branch on `code`;',
        "`message` is for people and may change. This table is generated from",
        "`src/domain/shared/error_codes.py`\n(`python -m domain.shared.error_codes > docs/errors.md`).",
        "",
        "| code | status | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| `{code.value}` | {status} | {meaning} |" for code, (status, meaning) in CATALOGUE.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
