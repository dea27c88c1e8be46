/**
 * Finds credentials and personal data in text a person is about to share, so the capture and ask
 * forms can offer to mask them. Patterns are fixed and linear-time; nothing here is user-supplied.
 */

/** What a finding is, coarsely: it decides the mask and the warning a person sees. */
export type SecretKind =
  | 'apiKey'
  | 'token'
  | 'jwt'
  | 'password'
  | 'privateKey'
  | 'cardNumber'
  | 'email';

export interface SecretFinding {
  kind: SecretKind;
  /** What exactly was recognised, e.g. "AWS access key" or "GitHub token". */
  label: string;
  /** The finding is `text.slice(start, end)`. */
  start: number;
  end: number;
  /** A hint that lets a person recognise the value without showing it. */
  preview: string;
}

const MASK_NAMES: Record<SecretKind, string> = {
  apiKey: 'API key',
  token: 'token',
  jwt: 'token',
  password: 'password',
  privateKey: 'private key',
  cardNumber: 'card number',
  email: 'email',
};

/** The text that replaces a finding of this kind, e.g. `[redacted API key]`. */
export const maskFor = (kind: SecretKind) => `[redacted ${MASK_NAMES[kind]}]`;

/** Candidates before overlaps are resolved; lower priority numbers win. */
interface Candidate extends SecretFinding {
  priority: number;
}

/** How many leading characters of a value a preview may show (a public, fixed prefix). */
const finding = (
  kind: SecretKind,
  label: string,
  text: string,
  start: number,
  end: number,
  priority: number,
  reveal = 0,
): Candidate => {
  const value = text.slice(start, end);
  const preview = reveal > 0 ? `${value.slice(0, reveal)}…` : '•'.repeat(Math.min(8, value.length));
  return { kind, label, start, end, preview, priority };
};

// ── Vendor tokens: recognisable by their fixed prefixes ─────────────────────

interface TokenPattern {
  kind: SecretKind;
  label: string;
  re: RegExp;
  /** Characters of fixed prefix a preview may show. */
  reveal: number | ((value: string) => number);
}

const TOKEN_PATTERNS: TokenPattern[] = [
  {
    kind: 'apiKey',
    label: 'AWS access key',
    re: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    reveal: 4,
  },
  {
    kind: 'token',
    label: 'GitHub token',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})\b/g,
    reveal: (v) => (v.startsWith('github_pat_') ? 11 : 4),
  },
  {
    kind: 'token',
    label: 'GitLab token',
    re: /\bgl(?:pat|dt|ptt|rt|soat|cbt|imt|ft)-[A-Za-z0-9_-]{20,}/g,
    reveal: (v) => v.indexOf('-') + 1,
  },
  {
    kind: 'token',
    label: 'Slack token',
    re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g,
    reveal: 5,
  },
  {
    kind: 'token',
    label: 'Slack webhook URL',
    re: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{16,}/g,
    reveal: 23,
  },
  {
    kind: 'apiKey',
    label: 'Stripe key',
    re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b/g,
    reveal: 8,
  },
  {
    kind: 'apiKey',
    label: 'Google API key',
    re: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g,
    reveal: 4,
  },
  {
    kind: 'token',
    label: 'Google OAuth token',
    re: /\bya29\.[0-9A-Za-z_-]{20,}/g,
    reveal: 5,
  },
  {
    kind: 'jwt',
    label: 'JSON Web Token',
    re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    reveal: 3,
  },
];

function scanTokens(text: string, out: Candidate[]): void {
  for (const p of TOKEN_PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const reveal = typeof p.reveal === 'number' ? p.reveal : p.reveal(m[0]);
      out.push(finding(p.kind, p.label, text, m.index, m.index + m[0].length, 0, reveal));
    }
  }
  // "Bearer <token>": only the token is secret.
  for (const m of text.matchAll(/\bBearer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)/gi)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push(finding('token', 'bearer token', text, start, m.index + m[0].length, 1));
  }
  // Credentials inside a URL: scheme://user:password@host
  for (const m of text.matchAll(
    /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{1,64}:([^\s:@/]{1,128})@/gi,
  )) {
    const end = m.index + m[0].length - 1;
    out.push(finding('password', 'password in a URL', text, end - m[1]!.length, end, 0));
  }
}

// ── PEM private keys ────────────────────────────────────────────────────────

function scanPrivateKeys(text: string, out: Candidate[]): void {
  const header = /-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY( BLOCK)?-----/g;
  for (const m of text.matchAll(header)) {
    const start = m.index;
    const bodyStart = start + m[0].length;
    let end = bodyStart;
    const close = text.indexOf('-----END ', bodyStart);
    const closeEnd = close === -1 ? -1 : text.indexOf('-----', close + 9);
    if (closeEnd !== -1 && closeEnd - start < 20_000) {
      end = closeEnd + 5;
    } else {
      // Truncated paste: take the base64 (and encryption header) lines that follow.
      let at = bodyStart;
      for (const line of text.slice(bodyStart, bodyStart + 20_000).split('\n')) {
        const l = line.trim();
        const keyLine =
          /^[A-Za-z0-9+/=]+$/.test(l) ||
          /^(?:Proc-Type|DEK-Info):/.test(l) ||
          (l === '' && at === bodyStart);
        if (!keyLine) break;
        at += line.length + 1;
        if (l) end = Math.min(text.length, at - 1);
      }
    }
    const c = finding('privateKey', 'private key', text, start, end, 0);
    c.preview = m[0];
    out.push(c);
  }
}

// ── Payment card numbers ────────────────────────────────────────────────────

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Groupings that cards are printed in: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4. */
function plausibleGroups(groups: number[]): boolean {
  if (groups.length === 1) return true;
  const [a, b, c] = groups;
  if (groups.length === 3 && a === 4 && b === 6 && (c === 5 || c === 4)) return true;
  return groups.every((g, i) => (i < groups.length - 1 ? g === 4 : g >= 1 && g <= 4));
}

function scanCards(text: string, out: Candidate[]): void {
  // Digits with optional single spaces or dashes, not part of a longer number or a word.
  for (const m of text.matchAll(/(?<!\w|\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d|\w)/g)) {
    const raw = m[0];
    const digits = raw.replace(/[ -]/g, '');
    if (/ /.test(raw) && /-/.test(raw)) continue;
    if (digits.length < 13 || digits.length > 19) continue;
    // Issuer ranges: Mastercard 2/5, Amex, Diners and JCB 3, Visa 4, Discover and UnionPay 6.
    if (!/^[2-6]/.test(digits) || !luhn(digits)) continue;
    if (!plausibleGroups(raw.split(/[ -]/).map((g) => g.length))) continue;
    const c = finding('cardNumber', 'payment card number', text, m.index, m.index + raw.length, 1);
    c.preview = `•••• ${digits.slice(-4)}`;
    out.push(c);
  }
}

// ── Email addresses (found from each "@", so no regex can backtrack over long text) ──

const isLocalChar = (c: string) => /[A-Za-z0-9._%+-]/.test(c);
const isDomainChar = (c: string) => /[A-Za-z0-9.-]/.test(c);
/** "logo@2x.png" is a file name, not an address. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico']);

function validDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253) return false;
  const tld = labels[labels.length - 1]!;
  if (!/^[A-Za-z]{2,63}$/.test(tld) || FILE_EXTENSIONS.has(tld.toLowerCase())) return false;
  return labels.every(
    (l) => l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9-]+$/.test(l) && !/^-|-$/.test(l),
  );
}

function scanEmails(text: string, out: Candidate[]): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(text[start - 1]!)) start--;
    while (start < at && text[start] === '.') start++;
    if (start === at) continue;
    let end = at + 1;
    while (end < text.length && end - at <= 253 && isDomainChar(text[end]!)) end++;
    while (end > at + 1 && /[.-]/.test(text[end - 1]!)) end--;
    if (!validDomain(text.slice(at + 1, end))) continue;
    // git@github.com:org/repo is an SSH remote, not someone's address.
    if (text[end] === ':' && /[A-Za-z0-9~/]/.test(text[end + 1] ?? '')) continue;
    const c = finding('email', 'email address', text, start, end, 2);
    c.preview = `${text[start]}…${text.slice(at, end)}`;
    out.push(c);
  }
}

// ── Generic assignments: password=…, api_key: …, "token": "…" ───────────────

const SECRET_NAME =
  /api[_-]?key|apikey|access[_-]?key|secret|token|passw(?:or)?d|pwd|passphrase|credential/gi;
const NAME_CHAR = /[A-Za-z0-9_.-]/;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|null|nil|none|true|false|undefined|redacted|changeme|example|required|optional|string|password|secret|token|your[_-]?\w*|my[_-]?\w*)$/i;

function kindOfName(keyword: string): SecretKind {
  const k = keyword.toLowerCase();
  if (k.startsWith('pass') || k === 'pwd') return 'password';
  if (k === 'token') return 'token';
  return 'apiKey';
}

/** True when `keyword` stands on its own within an identifier (db_password, apiToken, SECRET_KEY). */
function isNamePart(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? '';
  const after = text[end] ?? '';
  const first = text[start]!;
  const leftOk = !/[A-Za-z]/.test(before) || (/[a-z]/.test(before) && /[A-Z]/.test(first));
  const rightOk =
    !/[A-Za-z]/.test(after) ||
    /[A-Z]/.test(after) ||
    (/[sS]/.test(after) && !/[A-Za-z]/.test(text[end + 1] ?? ''));
  return leftOk && rightOk;
}

function scanAssignments(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(SECRET_NAME)) {
    if (!isNamePart(text, m.index, m.index + m[0].length)) continue;
    let i = m.index + m[0].length;
    // The rest of the identifier, then a closing quote if the name was quoted ("password": …).
    for (let n = 0; n < 40 && i < text.length && NAME_CHAR.test(text[i]!); n++) i++;
    if (/["'`]/.test(text[i] ?? '')) i++;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const op = text[i];
    if (op !== '=' && op !== ':') continue;
    i++;
    if (text[i] === '=' || text[i] === '>' || (op === ':' && text[i] === '=')) i++;
    while (text[i] === ' ' || text[i] === '\t') i++;

    const quote = /["'`]/.test(text[i] ?? '') ? text[i]! : '';
    let start = i + (quote ? 1 : 0);
    let end = start;
    if (quote) {
      while (end < text.length && end - start < 256 && text[end] !== quote && text[end] !== '\n')
        end++;
      if (text[end] !== quote) continue;
    } else {
      while (end < text.length && end - start < 256 && !/\s/.test(text[end]!)) end++;
      while (end > start && /[,;.)}\]]/.test(text[end - 1]!)) end--;
    }
    while (start < end && text[start] === ' ') start++;
    const value = text.slice(start, end);
    if (value.length < 6 || /^[[<${%*]/.test(value) || PLACEHOLDER.test(value)) continue;
    // Short numbers after such names are lifetimes and counts (token_ttl = 86400), not secrets.
    if (/^\d{1,7}$/.test(value)) continue;
    // "Password: reset it in the portal" is prose; unquoted values after ":" must look secret.
    if (op === ':' && !quote && !(/\d|[^A-Za-z0-9]/.test(value) || value.length >= 16)) {
      continue;
    }
    const kind = kindOfName(m[0]);
    out.push(finding(kind, kind === 'apiKey' ? 'API key or secret' : kind, text, start, end, 3));
  }
}

/**
 * Finds credentials (vendor API keys and tokens, JWTs, bearer tokens, private keys, assigned
 * passwords and secrets), payment card numbers and email addresses in `text`. Findings are sorted
 * and never overlap; a specific recognition wins over a generic one.
 */
export function scanSecrets(text: string): SecretFinding[] {
  if (!text) return [];
  const candidates: Candidate[] = [];
  scanTokens(text, candidates);
  scanPrivateKeys(text, candidates);
  scanCards(text, candidates);
  scanEmails(text, candidates);
  scanAssignments(text, candidates);

  candidates.sort(
    (a, b) => a.priority - b.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // Kept findings stay sorted by start, so each overlap check looks at two neighbours.
  const kept: Candidate[] = [];
  for (const c of candidates) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if ((prev && prev.end > c.start) || (next && next.start < c.end)) continue;
    kept.splice(lo, 0, c);
  }
  return kept.map(({ priority: _, ...f }) => f);
}

/**
 * Replaces each finding with a typed mask such as `[redacted API key]` or `[redacted email]`.
 * Scans `text` itself unless findings are given.
 */
export function maskSecrets(text: string, findings: SecretFinding[] = scanSecrets(text)): string {
  let out = text;
  let limit = text.length;
  for (const f of [...findings].sort((a, b) => b.start - a.start)) {
    if (f.end > limit || f.start < 0 || f.start >= f.end) continue;
    out = out.slice(0, f.start) + maskFor(f.kind) + out.slice(f.end);
    limit = f.start;
  }
  return out;
}

const VENDOR_LABELS = new Set(TOKEN_PATTERNS.map((p) => p.label));

/**
 * Whether a finding is unmistakably a credential (a private key, a vendor token, a bearer token), as
 * opposed to something that only looks like one (`password = …` in prose, an email). The store refuses
 * these whichever client sent them; the forms warn about every finding.
 */
export function isObviousSecret(f: SecretFinding): boolean {
  return f.kind === 'privateKey' || f.label === 'bearer token' || VENDOR_LABELS.has(f.label);
}
