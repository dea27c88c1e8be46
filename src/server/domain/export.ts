/**
 * A community's practices out as CSV, JSON or Markdown, and the JSON export read back in: an admin's
 * import reproduces the same practices (text, kind, tags, sources, authors, status, dates, merges, who
 * endorsed them) and the questions with their answers; anyone else's becomes new captures of theirs,
 * with the audit trail listing what came from the file.
 */

import { randomUUID } from 'node:crypto';
import type {
  ExportedPractice,
  ExportedQuestion,
  ImportResult,
  PracticeExport,
} from '../../core/console-responses';
import { EXPORT_FORMAT } from '../../core/console-responses';
import { normalizeEmail } from '../../core/email';
import { MEMBER_ROLES } from '../../core/kinds';
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
  const endorsers = new Map<string, string[]>();
  for (const e of await db
    .selectFrom('endorsements as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .select(['e.practice_id', 'u.email'])
    .where('e.community_id', '=', community.id)
    .orderBy('e.created_at')
    .execute())
    endorsers.set(e.practice_id, [...(endorsers.get(e.practice_id) ?? []), e.email]);
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
        ...(endorsers.has(p.id) ? { endorsedBy: endorsers.get(p.id) } : {}),
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      };
    }),
    questions: await exportQuestions(db, community.id),
  };
}

/** Quotes a CSV cell (RFC 4180); a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
async function exportQuestions(db: Db, communityId: string): Promise<ExportedQuestion[]> {
  const questions = await db
    .selectFrom('questions as q')
    .innerJoin('users as u', 'u.id', 'q.author_id')
    .select(['q.id', 'q.title', 'q.body', 'q.tags', 'q.status', 'q.created_at', 'q.updated_at'])
    .select(['u.name', 'u.email'])
    .where('q.community_id', '=', communityId)
    .orderBy('q.created_at')
    .orderBy('q.id')
    .execute();
  const answers = await db
    .selectFrom('answers as a')
    .innerJoin('users as u', 'u.id', 'a.author_id')
    .select(['a.id', 'a.question_id', 'a.body', 'a.accepted', 'a.created_at', 'u.name', 'u.email'])
    .where('a.community_id', '=', communityId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return questions.map((q) => ({
    id: q.id,
    title: q.title,
    body: q.body,
    tags: JSON.parse(q.tags) as string[],
    status: q.status,
    author: { name: q.name, email: q.email },
    createdAt: q.created_at,
    updatedAt: q.updated_at,
    answers: answers
      .filter((a) => a.question_id === q.id)
      .map((a) => ({
        id: a.id,
        body: a.body,
        author: { name: a.name, email: a.email },
        accepted: Boolean(a.accepted),
        createdAt: a.created_at,
      })),
  }));
}

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

/** A CSV file (RFC 4180, CRLF line ends) with a header row. */
export function csvTable(header: readonly string[], rows: unknown[][]): string {
  const lines = [header.join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function practicesToCsv(data: PracticeExport): string {
  return csvTable(
    CSV_COLUMNS,
    data.practices.map((p) => [
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
    ]),
  );
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

/** What an import needs of each exported practice (the count of endorsements follows from `endorsedBy`). */
export type ImportedPractice = Omit<ExportedPractice, 'endorsements'>;

/** Reads a JSON export into a community; ids are kept unless another community uses them. */
export async function importPractices(
  db: Db,
  principal: Principal,
  slug: string,
  data: { practices: ImportedPractice[]; questions?: ExportedQuestion[] },
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
  const people = [
    ...data.practices.flatMap((p) => [p.author.email, ...(p.endorsedBy ?? [])]),
    ...(data.questions ?? []).flatMap((q) => [
      q.author.email,
      ...q.answers.map((a) => a.author.email),
    ]),
  ];
  const emails = keepOriginals ? [...new Set(people.map(authorKey))] : [];
  const members = new Map(
    emails.length
      ? (
          await db
            .selectFrom('users as u')
            .innerJoin('memberships as m', 'm.user_id', 'u.id')
            .select(['u.id', 'u.email'])
            .where('m.community_id', '=', community.id)
            .where('m.role', 'in', MEMBER_ROLES)
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
    questions: 0,
    endorsements: 0,
  };
  /** The file's ids of the practices created, and the ids they were given here. */
  const createdAs = new Map<string, string>();
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
    createdAs.set(p.id, id);
    result.created.push(id);
    imported.push({
      id,
      title: p.title,
      fileAuthor: p.author.email,
      fileStatus: p.featured ? `${p.status}, featured` : p.status,
      fileCreatedAt: p.createdAt,
    });
  }
  if (keepOriginals) {
    const memberId = (email: string) => members.get(authorKey(email));
    result.endorsements = await restoreMergesAndEndorsements(db, community.id, data.practices, {
      createdAs,
      memberId,
    });
    result.questions = await importQuestions(db, community.id, data.questions ?? [], {
      memberId,
      importer: user.id,
    });
  }
  await recordAudit(db, user.id, community.id, 'import', 'community', community.id, null, {
    created: result.created.length,
    questions: result.questions,
    skipped: result.skipped.length,
    reassigned: result.reassigned,
    keptOriginals: keepOriginals,
    practices: imported,
  });
  return result;
}

/**
 * A merged duplicate points at the practice it was merged into again, and each endorsement by someone
 * found among the members is restored (for the practices this import created). Answers how many.
 */
async function restoreMergesAndEndorsements(
  db: Db,
  communityId: string,
  practices: ImportedPractice[],
  {
    createdAs,
    memberId,
  }: { createdAs: Map<string, string>; memberId: (email: string) => string | undefined },
): Promise<number> {
  let endorsed = 0;
  for (const p of practices) {
    const id = createdAs.get(p.id);
    if (!id) continue;
    const into = p.mergedInto && createdAs.get(p.mergedInto);
    if (into)
      await db.updateTable('practices').set({ merged_into: into }).where('id', '=', id).execute();
    const users = [...new Set((p.endorsedBy ?? []).map(memberId))].filter((u) => u !== undefined);
    if (!users.length) continue;
    const rows = users.map((userId) => ({
      id: randomUUID(),
      practice_id: id,
      community_id: communityId,
      user_id: userId,
      created_at: p.updatedAt,
    }));
    await db.insertInto('endorsements').values(rows).execute();
    await db
      .updateTable('practices')
      .set({ endorsement_count: rows.length })
      .where('id', '=', id)
      .execute();
    for (const row of rows)
      await recordChange(db, {
        entity: 'endorsement',
        entityId: row.id,
        communityId,
        audience: row.user_id,
      });
    endorsed += rows.length;
  }
  return endorsed;
}

/**
 * The file's questions and answers, by their authors when they are members (by the importer otherwise);
 * a question already here (same id) is left as it is, and ids another community uses are replaced.
 */
async function importQuestions(
  db: Db,
  communityId: string,
  questions: ExportedQuestion[],
  { memberId, importer }: { memberId: (email: string) => string | undefined; importer: string },
): Promise<number> {
  if (!questions.length) return 0;
  const taken = async (table: 'questions' | 'answers', ids: string[]) =>
    ids.length
      ? await db.selectFrom(table).select(['id', 'community_id']).where('id', 'in', ids).execute()
      : [];
  const existingQuestions = await taken(
    'questions',
    questions.map((q) => q.id),
  );
  const usedAnswers = new Set(
    (
      await taken(
        'answers',
        questions.flatMap((q) => q.answers.map((a) => a.id)),
      )
    ).map((a) => a.id),
  );
  let created = 0;
  for (const q of questions) {
    const same = existingQuestions.find((e) => e.id === q.id);
    if (same?.community_id === communityId) continue;
    const id = same ? randomUUID() : q.id;
    const answers = q.answers.map((a) => ({
      id: usedAnswers.has(a.id) ? randomUUID() : a.id,
      question_id: id,
      community_id: communityId,
      author_id: memberId(a.author.email) ?? importer,
      body: a.body,
      accepted: a.accepted ? 1 : 0,
      created_at: a.createdAt,
    }));
    await db
      .insertInto('questions')
      .values({
        id,
        community_id: communityId,
        author_id: memberId(q.author.email) ?? importer,
        title: q.title,
        body: q.body,
        tags: JSON.stringify(q.tags),
        context: null,
        status: q.status,
        accepted_answer_id: answers.find((a) => a.accepted)?.id ?? null,
        answer_count: answers.length,
        version: 1,
        created_at: q.createdAt,
        updated_at: q.updatedAt,
      })
      .execute();
    await recordChange(db, { entity: 'question', entityId: id, communityId });
    if (answers.length) await db.insertInto('answers').values(answers).execute();
    for (const a of answers)
      await recordChange(db, { entity: 'answer', entityId: a.id, communityId });
    created += 1;
  }
  return created;
}
