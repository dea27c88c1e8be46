/**
 * The answers each API route declares (read from the route modules themselves, the same definitions
 * /openapi.json is generated from), and a check that a real answer is one of them, field for field.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { API_ROUTES } from '../../src/server/routes/api';
import type { Reply } from './api';

interface DeclaredAnswer {
  content?: Record<string, { schema?: z.ZodType }>;
}

let declared: Map<string, Record<string, DeclaredAnswer>> | undefined;

/** "METHOD /path" (as in /openapi.json, without /api/v1) → status → the declared answer. */
export function declaredAnswers() {
  if (declared) return declared;
  declared = new Map();
  for (const routes of API_ROUTES)
    for (const definition of routes().openAPIRegistry.definitions)
      if (definition.type === 'route') {
        const { method, path, responses } = definition.route;
        declared.set(
          `${method.toUpperCase()} ${path}`,
          responses as Record<string, DeclaredAnswer>,
        );
      }
  return declared;
}

/** JSON without what JSON cannot carry (undefined fields), for comparing a parsed answer with the sent one. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value ?? null));

/**
 * Why `reply` is not an answer `route` declares, or undefined when it is: its status must be declared,
 * its media type too, and a JSON body must match the schema without a field the schema leaves out.
 */
export function contractBreach(route: string, reply: Reply): string | undefined {
  const responses = declaredAnswers().get(route);
  if (!responses) return `${route} is not a declared route`;
  const answer = responses[String(reply.status)];
  if (!answer) return `${route} does not declare status ${reply.status}`;
  if (reply.status === 204 || (reply.status >= 300 && reply.status < 400)) return undefined;
  const type = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = answer.content?.[type];
  if (!media?.schema) return `${route} ${reply.status} does not declare ${type || 'its body'}`;
  if (type !== 'application/json') return undefined;
  const parsed = media.schema.safeParse(reply.body);
  if (!parsed.success)
    return `${route} ${reply.status} does not match its schema: ${parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ')}`;
  // The schema strips what it does not declare: a difference is a field the contract leaves out.
  if (!isDeepStrictEqual(plain(parsed.data), plain(reply.body)))
    return `${route} ${reply.status} sends fields its schema does not declare: ${undeclared(
      plain(reply.body),
      plain(parsed.data),
    )
      .slice(0, 5)
      .join(', ')}`;
  return undefined;
}

/** Paths of the fields in `sent` that are missing from `kept`. */
function undeclared(sent: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(kept))
    return sent.flatMap((item, i) => undeclared(item, kept[i], `${at}[${i}]`));
  if (sent && typeof sent === 'object' && kept && typeof kept === 'object') {
    const k = kept as Record<string, unknown>;
    return Object.entries(sent).flatMap(([key, value]) =>
      key in k ? undeclared(value, k[key], at ? `${at}.${key}` : key) : [at ? `${at}.${key}` : key],
    );
  }
  return [];
}
