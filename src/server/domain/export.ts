/**
 * A community's practices out as CSV, JSON or Markdown, and the JSON export read back in: an admin's
 * import reproduces the same practices (text, kind, tags, sources, authors, status, dates); anyone else's
 * becomes new captures of theirs, with the audit trail listing what came from the file.
 */
import { randomUUID } from 'node:crypto';
import type { ExportedPractice, ImportResult, PracticeExport } from '../../core/console-responses';
import { EXPORT_FORMAT } from '../../core/console-responses';
import { normalizeEmail } from '../../core/email';
import type { PracticeStatus } from '../../core/schemas';
import type { Practice } from '../../core/types';
import { type Db, nowIso, type Principal } from '../context';
import { requireCoordinator, requireUser } from './access';
import { recordAudit } from './audit';
import { recordChange } from './changes';
import { badRequest } from './errors';
import { practiceFromRow, selectPractices } from './practices';

// The answer shapes live in src/core/responses.ts, shared with the clients.
export type { ExportedPractice, ImportResult, PracticeExport };
export { EXPORT_FORMAT };

export async function exportPractices(
  db: Db,
  principal: Principal,
  slug: string,
  status?: PracticeStatus,
): Promise<PracticeExport> {
  const { community } = await requireCoordinator(db, principal, slug);
  let select = selectPractices(db)
    .innerJoin('users as a', 'a.id', 'p.author_id')
    .select('a.email as author_email')
    .where('p.community_id', '=', community.id);
  if (status) select = select.where('p.status', '=', status);
  const rows = await select.orderBy('p.created_at').orderBy('p.id').execute();
  return {
    format: EXPORT_FORMAT,
    version: 1,
    exportedAt: new Date().toISOString(),
    community: { slug: community.slug, name: community.name, domain: community.domain },
    practices: rows.map((row) => {
      const p: Practice = practiceFromRow(row);
      return {
        id: p.id,
        title: p.title,
        body: p.body,
        kind: p.kind,
        tags: p.tags,
        status: p.status,
        featured: p.featured,
        source: p.source,
        ...(p.sources ? { sources: p.sources } : {}),
        ...(p.mergedInto ? { mergedInto: p.mergedInto } : {}),
        author: { name: p.authorName, email: row.author_email },
        endorsements: p.endorsements,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      };
    }),
  };
}

/** Quotes a CSV cell (RFC 4180); a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const CSV_COLUMNS = [
  'id',
  'title',
  'kind',
  'status',
  'featured',
  'tags',
  'author',
  'author_email',
  'endorsements',
  'source_url',
  'source_title',
  'quote',
  'created_at',
  'updated_at',
  'body',
] as const;

export function practicesToCsv(data: PracticeExport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of data.practices) {
    lines.push(
      [
        p.id,
        p.title,
        p.kind,
        p.status,
        p.featured ? 'yes' : 'no',
        p.tags.join('; '),
        p.author.name,
        p.author.email,
        p.endorsements,
        p.source?.url,
        p.source?.title,
        p.source?.quote?.exact,
        p.createdAt,
        p.updatedAt,
        p.body,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Markdown lines that start like syntax stay text. */
const mdText = (s: string) => s.replace(/^([#>*+-]|\d+\.)(\s)/gm, '\\$1$2');
const mdInline = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export function practicesToMarkdown(data: PracticeExport): string {
  const out = [
    `# ${mdInline(data.community.name)}`,
    '',
    mdText(data.community.domain),
    '',
    `Exported ${data.exportedAt.slice(0, 10)}: ${data.practices.length} practices.`,
  ];
  for (const p of data.practices) {
    out.push('', `## ${mdInline(p.title)}`, '');
    const meta = [
      p.kind,
      p.status + (p.featured ? ', featured' : ''),
      `by ${mdInline(p.author.name)}`,
      p.createdAt.slice(0, 10),
      ...(p.endorsements ? [`${p.endorsements} endorsements`] : []),
    ];
    out.push(`*${meta.join(' · ')}*`);
    if (p.tags.length) out.push('', `Tags: ${p.tags.map((t) => `\`${t}\``).join(', ')}`);
    if (p.body) out.push('', mdText(p.body));
    for (const s of p.sources ?? (p.source ? [p.source] : [])) {
      if (s.quote) out.push('', ...s.quote.exact.split('\n').map((l) => `> ${l}`));
      out.push('', `Source: [${mdInline(s.title || s.url)}](<${s.url.replaceAll('>', '%3E')}>)`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** What an import needs of each exported practice (counts like endorsements belong to people, not files). */
export type ImportedPractice = Omit<ExportedPractice, 'endorsements' | 'mergedInto'>;

/** Reads a JSON export into a community; ids are kept unless another community uses them. */
export async function importPractices(
  db: Db,
  principal: Principal,
  slug: string,
  data: { practices: ImportedPractice[] },
): Promise<ImportResult> {
  const { user } = requireUser(principal);
  const { community } = await requireCoordinator(db, principal, slug);
  const seen = new Set<string>();
  for (const [index, p] of data.practices.entries()) {
    if (seen.has(p.id))
      throw badRequest(
        'duplicate_id',
        `practices.${index}.id: "${p.id}" appears more than once in the file; each practice needs its own id.`,
      );
    seen.add(p.id);
  }
  const keepOriginals = principal.kind === 'user' && principal.via === 'token' && user.isAdmin;
  const ids = data.practices.map((p) => p.id);
  const existing = ids.length
    ? await db
        .selectFrom('practices')
        .select(['id', 'community_id'])
        .where('id', 'in', ids)
        .execute()
    : [];
  // Stored emails are normalised (core/email.ts); an author's email in any Unicode form finds them.
  const authorKey = (email: string) => normalizeEmail(email) ?? email.toLowerCase();
  // Only an admin's import looks for the file's authors: anyone else's import is authored by them.
  const emails = keepOriginals
    ? [...new Set(data.practices.map((p) => authorKey(p.author.email)))]
    : [];
  const members = new Map(
    emails.length
      ? (
          await db
            .selectFrom('users as u')
            .innerJoin('memberships as m', 'm.user_id', 'u.id')
            .select(['u.id', 'u.email'])
            .where('m.community_id', '=', community.id)
            .where('u.email', 'in', emails)
            .execute()
        ).map((u) => [u.email, u.id])
      : [],
  );
  const result: ImportResult = {
    created: [],
    skipped: [],
    reassigned: 0,
    keptOriginals: keepOriginals,
  };
  /** What the audit trail records of each practice imported: enough to find it and see what the file said. */
  const imported: {
    id: string;
    title: string;
    fileAuthor: string;
    fileStatus: string;
    fileCreatedAt: string;
  }[] = [];
  const now = nowIso();
  for (const p of data.practices) {
    const same = existing.find((e) => e.id === p.id);
    if (same?.community_id === community.id) {
      result.skipped.push(p.id);
      continue;
    }
    const id = same ? randomUUID() : p.id;
    const authorId = keepOriginals ? members.get(authorKey(p.author.email)) : user.id;
    if (!authorId) result.reassigned += 1;
    const source = p.source ?? p.sources?.[0] ?? null;
    await db
      .insertInto('practices')
      .values({
        id,
        community_id: community.id,
        author_id: authorId ?? user.id,
        title: p.title,
        body: p.body,
        kind: p.kind,
        tags: JSON.stringify(p.tags),
        source_url: source?.url ?? null,
        source_title: source?.title ?? null,
        quote_exact: source?.quote?.exact ?? null,
        quote_prefix: source?.quote?.prefix ?? null,
        quote_suffix: source?.quote?.suffix ?? null,
        sources: p.sources && p.sources.length > 1 ? JSON.stringify(p.sources) : null,
        status: keepOriginals ? p.status : 'captured',
        featured: keepOriginals && p.featured ? 1 : 0,
        version: 1,
        endorsement_count: 0,
        created_at: keepOriginals ? p.createdAt : now,
        updated_at: keepOriginals ? p.updatedAt : now,
      })
      .execute();
    if (p.tags.length)
      await db
        .insertInto('practice_tags')
        .values(p.tags.map((tag) => ({ practice_id: id, tag })))
        .execute();
    await recordChange(db, { entity: 'practice', entityId: id, communityId: community.id });
    result.created.push(id);
    imported.push({
      id,
      title: p.title,
      fileAuthor: p.author.email,
      fileStatus: p.featured ? `${p.status}, featured` : p.status,
      fileCreatedAt: p.createdAt,
    });
  }
  await recordAudit(db, user.id, community.id, 'import', 'community', community.id, null, {
    created: result.created.length,
    skipped: result.skipped.length,
    reassigned: result.reassigned,
    keptOriginals: keepOriginals,
    practices: imported,
  });
  return result;
}
