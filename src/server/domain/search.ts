/** Listing and ranked search of practices, limited to what the caller may read. */
import type { PracticeQuery as ListingQuery, Practice, SearchHit } from '../../core/types';
import type { Principal, StoreContext } from '../context';
import { escapeHtml } from '../http/html';
import { MARK_CLOSE, MARK_OPEN, rankPractices } from '../storage/search';
import { readableCommunities, requireReader } from './access';
import { practiceFromRow, selectPractices } from './practices';

/** The listing's filters, with the limit the route has settled. */
export type PracticeQuery = ListingQuery & { limit: number };

/** Escapes the text, then turns the engine's marks into `<mark>`: the only markup a highlight can contain. */
export const markHighlights = (s: string) =>
  escapeHtml(s).replaceAll(MARK_OPEN, '<mark>').replaceAll(MARK_CLOSE, '</mark>');

async function scope(ctx: StoreContext, principal: Principal, community?: string) {
  const db = ctx.storage.db;
  // Without a token only published practices of communities that allow anonymous reading are visible.
  const anonymous = principal.kind === 'anonymous';
  if (community)
    return { ids: [(await requireReader(db, principal, community)).community.id], anonymous };
  return { ids: (await readableCommunities(db, principal)).read, anonymous };
}

export async function findPractices(
  ctx: StoreContext,
  principal: Principal,
  query: PracticeQuery,
): Promise<(Practice | SearchHit)[]> {
  const db = ctx.storage.db;
  const { ids, anonymous } = await scope(ctx, principal, query.community);
  if (!ids.length) return [];
  // Rejected and archived practices stay out of view unless asked for by status.
  const statuses = anonymous
    ? ['published']
    : query.status
      ? [query.status]
      : ['captured', 'published'];
  if (anonymous && query.status && query.status !== 'published') return [];

  if (query.q?.trim()) {
    const ranked = await rankPractices(ctx.storage, {
      q: query.q,
      communityIds: ids,
      statuses,
      kind: query.kind,
      tag: query.tag,
      limit: query.limit,
    });
    if (!ranked.length) return [];
    const rows = await selectPractices(db)
      .where(
        'p.id',
        'in',
        ranked.map((r) => r.id),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.id, practiceFromRow(r)]));
    const hits: SearchHit[] = ranked.flatMap((r) => {
      const practice = byId.get(r.id);
      return practice
        ? [
            {
              ...practice,
              score: Number(r.rank),
              highlight: {
                title: markHighlights(r.hl_title),
                snippet: markHighlights(r.hl_snippet),
              },
            },
          ]
        : [];
    });
    // A stable sort keeps relevance as the tie-break between equally helpful practices.
    if (query.sort === 'helped') hits.sort((a, b) => b.helpedCount - a.helpedCount);
    return hits;
  }

  // The page's ids first, ordered through an index without reading any body; then only those rows.
  const inCommunities = (communityIds: string[]) => {
    let page = db
      .selectFrom('practices as p')
      .select(['p.rid', 'p.featured', 'p.updated_at'])
      .where('p.community_id', 'in', communityIds)
      .where('p.status', 'in', statuses);
    if (query.kind) page = page.where('p.kind', '=', query.kind);
    if (query.tag) {
      const tag = query.tag;
      page = page.where((eb) =>
        eb.exists(
          eb
            .selectFrom('practice_tags as t')
            .select('t.tag')
            .whereRef('t.practice_id', '=', 'p.id')
            .where('t.tag', '=', tag),
        ),
      );
    }
    return page;
  };
  const helpedFirst = query.sort === 'helped';
  if (helpedFirst) {
    const top = inCommunities(ids)
      .clearSelect()
      .select('p.rid')
      .orderBy('p.helped_count', 'desc')
      .orderBy('p.featured', 'desc')
      .orderBy('p.updated_at', 'desc')
      .limit(query.limit);
    return pageOf(selectPractices(db).where('p.rid', 'in', top).orderBy('p.helped_count', 'desc'));
  }
  // Each community's first page walks its feed index (community, featured, updated_at) and stops after
  // `limit` rows; the pages are then merged. One query over all the communities would read and sort every
  // practice they hold, which grows with the store.
  const pages = ids.map((id, i) =>
    db
      .selectFrom(
        inCommunities([id])
          .orderBy('p.featured', 'desc')
          .orderBy('p.updated_at', 'desc')
          .limit(query.limit)
          .as(`c${i}`),
      )
      .selectAll(),
  );
  const merged = pages.slice(1).reduce((all, page) => all.unionAll(page), pages[0]!);
  const top = db
    .selectFrom(merged.as('pages'))
    .select('pages.rid')
    .orderBy('pages.featured', 'desc')
    .orderBy('pages.updated_at', 'desc')
    .limit(query.limit);
  return pageOf(selectPractices(db).where('p.rid', 'in', top));
}

/** The page's practices, featured first, then the most recently updated (after any order already given). */
async function pageOf(practices: ReturnType<typeof selectPractices>) {
  const rows = await practices
    .orderBy('p.featured', 'desc')
    .orderBy('p.updated_at', 'desc')
    .execute();
  return rows.map(practiceFromRow);
}
