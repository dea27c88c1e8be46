/**
 * Real enterprise policy for an end-to-end test: Chromium on Linux reads machine policy from JSON files
 * in its managed policy directory, including `3rdparty.extensions.<id>` (an extension's managed storage).
 * The test extension gets its own id (a copy of the e2e build with a fresh `key`), so the policy can
 * never reach another test's browser.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXTENSION_DIR } from './extension';

/**
 * Debian's chromium (and Playwright's Chromium) read /etc/chromium/policies/managed; Google Chrome reads
 * /etc/opt/chrome/policies/managed. Only root may write there.
 */
export const POLICY_DIR = process.env.COP_POLICY_DIR ?? '/etc/chromium/policies/managed';

/** Why policy cannot be written on this machine, or null when it can. */
export function policyUnavailable(): string | null {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return null;
  } catch (error) {
    return `cannot write Chromium policy to ${POLICY_DIR} (run as root or set COP_POLICY_DIR): ${String(error)}`;
  }
}

/** The id Chromium gives an extension whose manifest `key` is this public key (SPKI DER). */
export function extensionIdFor(publicKeyDer: Buffer): string {
  const hex = createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join('');
}

/** A copy of the e2e build with its own key, hence its own, known extension id. */
export function extensionWithOwnId(): { dir: string; id: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cop-managed-extension-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.key = der.toString('base64');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return {
    dir,
    id: extensionIdFor(der),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Writes `settings` as the managed storage of extension `id` (the same JSON an administrator puts in
 * /etc/opt/chrome/policies/managed, see docs/enterprise.md). `remove()` deletes the file; it also runs
 * when the test process exits, so a failed run leaves no policy behind.
 */
export function writeExtensionPolicy(id: string, settings: Record<string, unknown>) {
  const path = join(POLICY_DIR, `cop-kit-e2e-${id}.json`);
  writeFileSync(path, JSON.stringify({ '3rdparty': { extensions: { [id]: settings } } }, null, 2));
  const remove = () => rmSync(path, { force: true });
  process.once('exit', remove);
  return { path, remove };
}
