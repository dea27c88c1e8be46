/** The first schema: every table of the domain, sync bookkeeping and full-text search on both engines. */
import { type Kysely, sql } from 'kysely';
import type { Dialect } from '../database';

const common = (serial: string) => [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)`,
  `INSERT INTO meta (key, value) VALUES ('version', 0)`,
  `CREATE TABLE users (
    id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT,
    is_admin SMALLINT NOT NULL DEFAULT 0, embed_subject TEXT UNIQUE, created_at TEXT NOT NULL)`,
  `CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)`,
  `CREATE INDEX api_tokens_user ON api_tokens(user_id)`,
  `CREATE TABLE communities (
    id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, domain TEXT NOT NULL,
    anonymous_read SMALLINT NOT NULL DEFAULT 0, created_at TEXT NOT NULL)`,
  `CREATE TABLE memberships (
    community_id TEXT NOT NULL REFERENCES communities(id), user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL, topics TEXT NOT NULL DEFAULT '[]', hidden SMALLINT NOT NULL DEFAULT 0,
    joined_at TEXT NOT NULL, PRIMARY KEY (community_id, user_id))`,
  `CREATE INDEX memberships_user ON memberships(user_id)`,
  `CREATE TABLE practices (
    rid ${serial}, id TEXT NOT NULL UNIQUE, community_id TEXT NOT NULL REFERENCES communities(id),
    author_id TEXT NOT NULL REFERENCES users(id), title TEXT NOT NULL, body TEXT NOT NULL, kind TEXT NOT NULL,
    tags TEXT NOT NULL, source_url TEXT, source_title TEXT, quote_exact TEXT, quote_prefix TEXT, quote_suffix TEXT,
    status TEXT NOT NULL, featured SMALLINT NOT NULL DEFAULT 0, version INTEGER NOT NULL,
    endorsement_count INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX practices_community ON practices(community_id, status, created_at)`,
  `CREATE INDEX practices_author ON practices(author_id)`,
  `CREATE INDEX practices_source ON practices(source_url)`,
  `CREATE TABLE practice_tags (practice_id TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (tag, practice_id))`,
  `CREATE INDEX practice_tags_practice ON practice_tags(practice_id)`,
  `CREATE TABLE questions (
    rid ${serial}, id TEXT NOT NULL UNIQUE, community_id TEXT NOT NULL REFERENCES communities(id),
    author_id TEXT NOT NULL REFERENCES users(id), title TEXT NOT NULL, body TEXT NOT NULL, tags TEXT NOT NULL,
    context TEXT, status TEXT NOT NULL, accepted_answer_id TEXT, answer_count INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE INDEX questions_community ON questions(community_id, status, created_at)`,
  `CREATE INDEX questions_author ON questions(author_id)`,
  `CREATE TABLE question_routes (
    question_id TEXT NOT NULL, user_id TEXT NOT NULL, routed_by TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_id))`,
  `CREATE INDEX question_routes_user ON question_routes(user_id)`,
  `CREATE TABLE answers (
    id TEXT PRIMARY KEY, question_id TEXT NOT NULL REFERENCES questions(id), community_id TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id), body TEXT NOT NULL, accepted SMALLINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL)`,
  `CREATE INDEX answers_question ON answers(question_id)`,
  `CREATE INDEX answers_author ON answers(author_id, accepted)`,
  `CREATE TABLE endorsements (
    id TEXT PRIMARY KEY, practice_id TEXT NOT NULL, community_id TEXT NOT NULL, user_id TEXT NOT NULL,
    created_at TEXT NOT NULL, UNIQUE (practice_id, user_id))`,
  `CREATE TABLE prompt_rules (
    id TEXT PRIMARY KEY, community_id TEXT NOT NULL REFERENCES communities(id), url_patterns TEXT NOT NULL,
    keywords TEXT NOT NULL, message TEXT NOT NULL, enabled SMALLINT NOT NULL DEFAULT 1, version INTEGER NOT NULL,
    created_by TEXT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE conflicts (
    id TEXT PRIMARY KEY, entity TEXT NOT NULL, entity_id TEXT NOT NULL, community_id TEXT NOT NULL,
    author_id TEXT NOT NULL, base_version INTEGER NOT NULL, current_version INTEGER NOT NULL,
    proposed TEXT NOT NULL, current TEXT NOT NULL, resolved_at TEXT, resolved_by TEXT, created_at TEXT NOT NULL)`,
  `CREATE INDEX conflicts_entity ON conflicts(entity_id)`,
  `CREATE TABLE audit_log (
    id ${serial}, at TEXT NOT NULL, actor_id TEXT NOT NULL, community_id TEXT, action TEXT NOT NULL,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, before TEXT, after TEXT, note TEXT)`,
  `CREATE INDEX audit_log_community ON audit_log(community_id, at)`,
  `CREATE TABLE sync_clients (
    client_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, last_mutation_id BIGINT NOT NULL, updated_at TEXT NOT NULL)`,
  `CREATE TABLE changes (
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, version BIGINT NOT NULL UNIQUE, community_id TEXT NOT NULL,
    audience TEXT, op TEXT NOT NULL, PRIMARY KEY (entity, entity_id))`,
  `CREATE INDEX changes_community_version ON changes(community_id, version)`,
  `CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL, key TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key))`,
];

// SQLite: external-content FTS5 tables kept current by triggers; rid is the rowid alias, stable across VACUUM.
const sqliteSearch = [
  `CREATE VIRTUAL TABLE practices_fts USING fts5(title, body, tags, quote_exact,
    content='practices', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER practices_fts_insert AFTER INSERT ON practices BEGIN
    INSERT INTO practices_fts(rowid, title, body, tags, quote_exact) VALUES (new.rid, new.title, new.body, new.tags, new.quote_exact);
  END`,
  `CREATE TRIGGER practices_fts_delete AFTER DELETE ON practices BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact) VALUES ('delete', old.rid, old.title, old.body, old.tags, old.quote_exact);
  END`,
  `CREATE TRIGGER practices_fts_update AFTER UPDATE OF title, body, tags, quote_exact ON practices BEGIN
    INSERT INTO practices_fts(practices_fts, rowid, title, body, tags, quote_exact) VALUES ('delete', old.rid, old.title, old.body, old.tags, old.quote_exact);
    INSERT INTO practices_fts(rowid, title, body, tags, quote_exact) VALUES (new.rid, new.title, new.body, new.tags, new.quote_exact);
  END`,
  `CREATE VIRTUAL TABLE questions_fts USING fts5(title, body, tags,
    content='questions', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`,
  `CREATE TRIGGER questions_fts_insert AFTER INSERT ON questions BEGIN
    INSERT INTO questions_fts(rowid, title, body, tags) VALUES (new.rid, new.title, new.body, new.tags);
  END`,
  `CREATE TRIGGER questions_fts_delete AFTER DELETE ON questions BEGIN
    INSERT INTO questions_fts(questions_fts, rowid, title, body, tags) VALUES ('delete', old.rid, old.title, old.body, old.tags);
  END`,
  `CREATE TRIGGER questions_fts_update AFTER UPDATE OF title, body, tags ON questions BEGIN
    INSERT INTO questions_fts(questions_fts, rowid, title, body, tags) VALUES ('delete', old.rid, old.title, old.body, old.tags);
    INSERT INTO questions_fts(rowid, title, body, tags) VALUES (new.rid, new.title, new.body, new.tags);
  END`,
];

// PostgreSQL: weighted tsvector columns generated from the row, with GIN indexes. Like on SQLite, words are
// not stemmed: every query term matches as a prefix, which serves as-you-type search better than stems.
// Angle brackets and slashes become spaces, or the parser would take `List<String>` for a tag and drop it,
// and `</textarea>` for a file path.
const postgresSearch = [
  `ALTER TABLE practices ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', translate(title, '<>/', '   ')), 'A') || setweight(to_tsvector('simple', translate(tags, '<>/', '   ')), 'B') ||
    setweight(to_tsvector('simple', translate(body, '<>/', '   ')), 'C') || setweight(to_tsvector('simple', translate(coalesce(quote_exact, ''), '<>/', '   ')), 'D')) STORED`,
  `CREATE INDEX practices_search ON practices USING GIN (search)`,
  `ALTER TABLE questions ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', translate(title, '<>/', '   ')), 'A') || setweight(to_tsvector('simple', translate(tags, '<>/', '   ')), 'B') ||
    setweight(to_tsvector('simple', translate(body, '<>/', '   ')), 'C')) STORED`,
  `CREATE INDEX questions_search ON questions USING GIN (search)`,
];

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const statements =
    dialect === 'sqlite'
      ? [...common('INTEGER PRIMARY KEY'), ...sqliteSearch]
      : [...common('BIGSERIAL PRIMARY KEY'), ...postgresSearch];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
