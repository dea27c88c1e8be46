/**
 * What a cached answer depends on: the caller's communities (or the one asked for) and the kinds of entity
 * the answer shows. Its stamp is the latest version among those, so a capture in one community leaves every
 * other community's feeds cached, and a new question leaves the practice feeds cached.
 *
 * The latest versions are mirrored from the changes feed in the database, caught up whenever the store's
 * global version moves: a write by any process sharing the database is seen by the next request.
 */
import { ENTITY_NAMES } from '../../core/entities';
import type { EntityName } from '../../core/types';
import type { Principal, StoreContext } from '../context';
import { readableCommunities } from '../domain/access';
import type { Storage } from '../storage/database';

/** The kinds of entity an answer shows (a pull shows them all). */
export type Kinds = readonly EntityName[] | 'all';

export interface ReadScope {
  /**
   * The stamp of an answer for `principal` over `kinds`, in the communities it can read (or only
   * `communitySlug` among them). Answers computed at the same stamp are the same answer.
   */
  stampOf(
    ctx: StoreContext,
    principal: Principal,
    request: { version: number; epoch: number; kinds: Kinds; communitySlug?: string },
  ): Promise<string>;
}

/**
 * What decides which communities a caller can read: the memberships, and the communities themselves. Every
 * answer depends on them in the communities it covers: a person who joins on first use (an embed token) and
 * is removed again has the same readable set as before, but not the same answer.
 */
const ACCESS_KINDS: EntityName[] = ['membership', 'community'];
/** Readable communities remembered, per caller; more callers than this start the memory afresh. */
const MAX_CALLERS = 10_000;

const scopeKey = (p: Principal) =>
  p.kind === 'anonymous'
    ? 'anonymous'
    : `${p.user.id}${p.user.isAdmin ? ':admin' : ''}:${p.via}${p.demo ? ':demo' : ''}:${p.embedCommunities?.join(',') ?? ''}`;

export function createReadScope(storage: Pick<Storage, 'changedSince'>): ReadScope {
  /** Per community, per kind, the latest version; and per kind, over every community. */
  const latest = new Map<string, Map<string, number>>();
  const latestOfKind = new Map<string, number>();
  /** The global version up to which the two maps are complete. */
  let seen = 0;
  const readable = new Map<string, { read: string[]; fingerprint: string; at: string }>();

  async function catchUp(version: number) {
    if (version <= seen) return;
    const from = seen;
    for (const row of await storage.changedSince(from)) {
      const v = Number(row.version);
      const kinds = latest.get(row.community_id) ?? new Map<string, number>();
      latest.set(row.community_id, kinds);
      if (v > (kinds.get(row.entity) ?? 0)) kinds.set(row.entity, v);
      if (v > (latestOfKind.get(row.entity) ?? 0)) latestOfKind.set(row.entity, v);
    }
    // Rows committed after `version` were read too; reading them again next time changes nothing.
    seen = Math.max(seen, version);
  }

  const accessAt = (epoch: number) =>
    `${epoch}.${ACCESS_KINDS.map((k) => latestOfKind.get(k) ?? 0).join('.')}`;

  /** The caller's readable communities, read again only after a membership or community changed. */
  async function communitiesOf(ctx: StoreContext, principal: Principal, epoch: number) {
    const key = scopeKey(principal);
    const at = accessAt(epoch);
    const known = readable.get(key);
    if (known?.at === at) return known;
    const { read } = await readableCommunities(ctx.storage.db, principal);
    read.sort();
    const fresh = { read, fingerprint: hashOf(read.join(',')), at };
    if (readable.size >= MAX_CALLERS) readable.clear();
    readable.set(key, fresh);
    return fresh;
  }

  /** Every community's id by slug, read again only after a community changed. */
  let slugs: { at: number; ids: Map<string, string> } | undefined;
  async function idOf(ctx: StoreContext, slug: string) {
    const at = latestOfKind.get('community') ?? 0;
    if (slugs?.at !== at) {
      const rows = await ctx.storage.db.selectFrom('communities').select(['id', 'slug']).execute();
      slugs = { at, ids: new Map(rows.map((r) => [r.slug, r.id])) };
    }
    return slugs.ids.get(slug);
  }

  return {
    async stampOf(ctx, principal, { version, epoch, kinds, communitySlug }) {
      await catchUp(version);
      const known = await communitiesOf(ctx, principal, epoch);
      // One community asked for: only its changes matter, readable or not (a first use may join it).
      const asked = communitySlug ? await idOf(ctx, communitySlug) : undefined;
      const communities = communitySlug ? (asked ? [asked] : []) : known.read;
      let newest = 0;
      for (const community of communities) {
        const changed = latest.get(community);
        if (!changed) continue;
        for (const kind of kinds === 'all' ? ENTITY_NAMES : [...kinds, ...ACCESS_KINDS]) {
          const v = changed.get(kind) ?? 0;
          if (v > newest) newest = v;
        }
      }
      // The readable set is part of the stamp: a community left or joined changes every answer over them all.
      return `${epoch}.${newest}.${known.fingerprint}`;
    },
  };
}

/** FNV-1a, 32 bits: a short fingerprint of a caller's communities or a cache key. */
export function hashOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
