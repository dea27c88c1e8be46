/** Table types for Kysely. Flags are 0/1 integers and JSON is text, so both engines store the same values. */
import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../../core/kinds';

type Flag = number;
type Json = string;
type Timestamp = string;

export interface Database {
  meta: { key: string; value: number };
  users: {
    id: string;
    email: string;
    name: string;
    password_hash: string | null;
    is_admin: Flag;
    /** Replaced by embed_identities (0009): no longer read or written. */
    embed_subject: string | null;
    created_at: Timestamp;
    /** Set when an admin disables the person: every token stops working (0006). */
    disabled_at: Timestamp | null;
    /** Not routed questions until then (0011). */
    away_until: Timestamp | null;
    /** Their extension shows no notifications (0011). */
    notify_muted: Flag;
    /** JSON {from, to} ("HH:MM", their own clock): no notifications in between (0011). */
    quiet_hours: Json | null;
  };
  /** Which person an embed token's issuer and `sub` stand for (0009). */
  embed_identities: {
    issuer: string;
    subject: string;
    user_id: string;
    created_at: Timestamp;
  };
  /** Secrets the store generated for itself, such as the demo's signing key (0009). */
  store_secrets: { name: string; value: string; created_at: Timestamp };
  api_tokens: {
    id: string;
    user_id: string;
    token_hash: string;
    name: string;
    created_at: Timestamp;
    last_used_at: Timestamp | null;
    revoked_at: Timestamp | null;
    /** The User-Agent of the client that made the session, if it sent one (0007). */
    user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  };
  communities: {
    id: string;
    slug: string;
    name: string;
    domain: string;
    anonymous_read: Flag;
    created_at: Timestamp;
    /** Anyone may join with one click (1), or people ask and coordinators approve (0) (0006). */
    open: Flag;
    /** Days after which a verified practice is due for review again (0006). */
    review_interval_days: number;
    /** How many people a new question is routed to at once (0006). */
    routing_seats: number;
    /** Whether new questions are routed automatically (0006). */
    auto_routing: Flag;
    /** The ISO weekday (1 Monday … 7 Sunday) the weekly digest goes out, or null for none (0014). */
    digest_day: number | null;
    /** JSON {kind: days}: kinds reviewed on another interval than review_interval_days (0014). */
    review_intervals: Json | null;
  };
  memberships: {
    community_id: string;
    user_id: string;
    /** A `sponsor` sees the community's overview and nothing a member sees (0015). */
    role: Role;
    topics: Json;
    hidden: Flag;
    joined_at: Timestamp;
  };
  practices: {
    rid: Generated<number>;
    id: string;
    community_id: string;
    author_id: string;
    title: string;
    body: string;
    kind: string;
    tags: string;
    source_url: string | null;
    source_title: string | null;
    quote_exact: string | null;
    quote_prefix: string | null;
    quote_suffix: string | null;
    status: string;
    featured: Flag;
    version: number;
    endorsement_count: number;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** Sources gathered from merged duplicates: a JSON array of PracticeSource (0002). */
    sources: ColumnType<Json | null, Json | null | undefined, Json | null>;
    /** On a merged duplicate, the practice it was merged into (0002). */
    merged_into: ColumnType<string | null, string | null | undefined, string | null>;
    /** The question whose accepted answer this practice was promoted from (0011). */
    from_question_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** Who keeps the practice right: its author unless a coordinator or a tag's steward took it (0012). */
    owner_id: ColumnType<string | null, string | null | undefined, string | null>;
    /** When its owner or a coordinator last said it is still right (0012). */
    verified_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
    /** Past its review interval; set by the stewardship job, which tells the owner once (0012). */
    due: ColumnType<Flag, Flag | undefined, Flag>;
    /** How many people said it helped them (0012). */
    helped_count: ColumnType<number, number | undefined, number>;
    /** An author's edit of a published practice, waiting for review: JSON PendingRevision (0012). */
    pending_revision: ColumnType<Json | null, Json | null | undefined, Json | null>;
  };
  /** One person's "this helped", once per practice (0012). */
  practice_helped: {
    practice_id: string;
    user_id: string;
    community_id: string;
    how: string | null;
    note: string | null;
    created_at: Timestamp;
  };
  /** Someone chose a suggested practice or answered question instead of asking, once each (0013). */
  answered_by_existing: {
    kind: 'practice' | 'question';
    entity_id: string;
    user_id: string;
    community_id: string;
    created_at: Timestamp;
  };
  /** The steward of a tag owns the practices captured with it (0012). */
  tag_stewards: { community_id: string; tag: string; user_id: string; created_at: Timestamp };
  /** A weekly digest sent; the row is also the claim that makes one store process send it (0014). */
  digests: { community_id: string; week: string; sent_at: Timestamp; content: Json };
  /** Who sponsors every community (an admin's choice); sponsoring one is a membership role (0015). */
  store_sponsors: { user_id: string; created_at: Timestamp };
  practice_tags: { practice_id: string; tag: string };
  questions: {
    rid: Generated<number>;
    id: string;
    community_id: string;
    author_id: string;
    title: string;
    body: string;
    tags: string;
    context: Json | null;
    status: 'open' | 'answered' | 'closed';
    accepted_answer_id: string | null;
    answer_count: number;
    version: number;
    created_at: Timestamp;
    updated_at: Timestamp;
    /** When the router next routes the question, or null (0011). */
    route_due_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
    /** Since when nobody answered after a round of routing: "waiting" for coordinators (0011). */
    waiting_since: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
    routing_rounds: ColumnType<number, number | undefined, number>;
  };
  question_routes: {
    question_id: string;
    user_id: string;
    routed_by: string;
    created_at: Timestamp;
  };
  answers: {
    id: string;
    question_id: string;
    community_id: string;
    author_id: string;
    body: string;
    accepted: Flag;
    created_at: Timestamp;
  };
  endorsements: {
    id: string;
    practice_id: string;
    community_id: string;
    user_id: string;
    created_at: Timestamp;
  };
  prompt_rules: {
    id: string;
    community_id: string;
    url_patterns: Json;
    keywords: Json;
    message: string;
    enabled: Flag;
    version: number;
    created_by: string;
    updated_at: Timestamp;
  };
  conflicts: {
    id: string;
    entity: 'practice';
    entity_id: string;
    community_id: string;
    author_id: string;
    base_version: number;
    current_version: number;
    proposed: Json;
    current: Json;
    resolved_at: Timestamp | null;
    resolved_by: string | null;
    created_at: Timestamp;
  };
  audit_log: {
    id: Generated<number>;
    at: Timestamp;
    actor_id: string;
    community_id: string | null;
    action: string;
    entity: string;
    entity_id: string;
    before: Json | null;
    after: Json | null;
    note: string | null;
  };
  sync_clients: {
    client_id: string;
    user_id: string;
    last_mutation_id: number;
    updated_at: Timestamp;
  };
  /** The latest change of each entity, ordered by the global version: what pull reads. */
  changes: {
    entity: string;
    entity_id: string;
    version: number;
    community_id: string;
    /** Only this user (and the community's coordinators) may pull the row; null means every member. */
    audience: string | null;
    op: 'put' | 'delete';
  };
  /** A community's outgoing webhook (0002). */
  webhooks: {
    id: string;
    community_id: string;
    url: string;
    secret: string;
    /** JSON array of WebhookEvent names. */
    events: Json;
    enabled: Flag;
    created_by: string;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  /** One event to one webhook, retried with backoff until delivered or given up (0002). */
  webhook_deliveries: {
    id: string;
    webhook_id: string;
    community_id: string;
    event: string;
    payload: Json;
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    next_attempt_at: Timestamp | null;
    last_status: number | null;
    last_error: string | null;
    created_at: Timestamp;
    delivered_at: Timestamp | null;
  };
  webhook_attempts: {
    delivery_id: string;
    attempt: number;
    at: Timestamp;
    status: number | null;
    error: string | null;
    ms: number;
  };
  /** A person's request to join a closed community, its outcome, or a coordinator's removal (0007). */
  join_requests: {
    id: string;
    community_id: string;
    user_id: string;
    status: 'pending' | 'approved' | 'declined' | 'removed';
    created_at: Timestamp;
    decided_at: Timestamp | null;
    decided_by: string | null;
  };
  /** What a person is told: a join request's outcome, a removal (0007). */
  notifications: {
    id: string;
    user_id: string;
    community_id: string | null;
    kind: string;
    message: string;
    created_at: Timestamp;
    read_at: Timestamp | null;
    /** The practice (or other entity) it is about, when there is one (0012). */
    entity_id: ColumnType<string | null, string | null | undefined, string | null>;
  };
  /** An invitation link for someone not yet in the store; only the token's SHA-256 is kept (0007). */
  invitations: {
    id: string;
    token_hash: string;
    community_id: string;
    email: string;
    role: Role;
    invited_by: string;
    created_at: Timestamp;
    expires_at: Timestamp;
    accepted_at: Timestamp | null;
    accepted_by: string | null;
  };
  idempotency_keys: {
    user_id: string;
    key: string;
    status: number;
    body: Json;
    created_at: Timestamp;
  };
  /** A single sign-on in flight: what the callback must check, and where it then returns (0008). */
  oidc_flows: {
    state: string;
    nonce: string;
    code_verifier: string;
    return_to: string;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  /** A finished sign-in waiting for its client to exchange the one-time code (SHA-256 kept) (0008). */
  oidc_handoffs: {
    code_hash: string;
    user_id: string;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  /** Which person an OpenID Provider's subject is: bound at first sign-in, never by email (0008). */
  oidc_identities: {
    issuer: string;
    subject: string;
    user_id: string;
    created_at: Timestamp;
    last_sign_in_at: Timestamp;
  };
}
