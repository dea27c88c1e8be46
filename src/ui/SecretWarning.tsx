/**
 * The secret warning the capture and ask forms share: the texts a person is about to share are scanned
 * for credentials and personal data, a warning names what was found and offers to mask it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SecretFinding } from '../core/secrets';
import { type MessageKey, useT } from './i18n';

export type Scanner = typeof import('../core/secrets');
let scanner: Promise<Scanner> | undefined;
let scannerReady: Scanner | null = null;

/**
 * The secret scanner is the forms' largest part and most page views never capture or ask, so it is
 * fetched when the first form opens (a chunk in the widget bundle; inlined in the extension).
 */
export function loadScanner(): Promise<Scanner> {
  scanner ??= import('../core/secrets').then(
    (loaded) => (scannerReady = loaded),
    (error: unknown) => {
      scanner = undefined; // let the next form try again
      throw error;
    },
  );
  return scanner;
}

const SECRET_KEYS: Record<string, MessageKey> = {
  apiKey: 'secret_apiKey',
  token: 'secret_token',
  jwt: 'secret_token',
  password: 'secret_password',
  privateKey: 'secret_privateKey',
  cardNumber: 'secret_cardNumber',
  email: 'secret_email',
};

const scanTexts = (s: Scanner, texts: readonly (string | undefined)[]) =>
  texts.flatMap((text) => (text ? s.scanSecrets(text) : []));

export interface SecretScan {
  /** The scanner once it has loaded. */
  scanner: Scanner | null;
  findings: SecretFinding[];
  /** The person masked what was found. */
  masked: boolean;
  /** Masks every field: `apply` rewrites the form's texts with the loaded scanner. */
  mask(apply: (scanner: Scanner) => void): void;
  /**
   * Called on send: true when the scanner arrived only now and found something, so the warning shows
   * and the form waits instead of sending a secret unseen.
   */
  holdsBack(): boolean | Promise<boolean>;
}

/** Scans `texts` (every part of what will be shared) as they change. */
export function useSecretScan(texts: readonly (string | undefined)[]): SecretScan {
  const [loaded, setLoaded] = useState<Scanner | null>(scannerReady);
  const [masked, setMasked] = useState(false);
  useEffect(() => {
    let open = true;
    loadScanner().then(
      (s) => open && setLoaded(s),
      () => {},
    );
    return () => {
      open = false;
    };
  }, []);
  const key = texts.join('\u0000');
  const findings = useMemo(() => (loaded ? scanTexts(loaded, texts) : []), [loaded, key]);
  return {
    scanner: loaded,
    findings,
    masked,
    mask(apply) {
      if (!loaded) return;
      apply(loaded);
      setMasked(true);
    },
    holdsBack() {
      // Already scanned as the person typed: the warning shows what there is, nothing to wait for.
      if (loaded) return false;
      return loadScanner().then(
        (now) => {
          setLoaded(now);
          return scanTexts(now, texts).length > 0;
        },
        () => false,
      );
    },
  };
}

/**
 * A page address without what gives a secret away: query parameters and a fragment carrying one are
 * dropped (sign-in links, tokens in addresses); undefined when the rest still carries one.
 */
export function cleanAddress(s: Scanner, url: string): string | undefined {
  if (!s.scanSecrets(url).length) return url;
  try {
    const address = new URL(url);
    for (const [name, value] of [...address.searchParams])
      if (s.scanSecrets(value).length || s.scanSecrets(`${name}=${value}`).length)
        address.searchParams.delete(name);
    if (s.scanSecrets(address.hash).length) address.hash = '';
    const cleaned = address.toString();
    return s.scanSecrets(cleaned).length ? undefined : cleaned;
  } catch {
    return undefined;
  }
}

/** The warning over a form: what kinds of secret were found, and one button to mask them all. */
export function SecretWarning({ scan, onMask }: { scan: SecretScan; onMask: () => void }) {
  const t = useT();
  const kinds = [...new Set(scan.findings.map((f) => t(SECRET_KEYS[f.kind] ?? 'secret_other')))];
  if (kinds.length > 0)
    return (
      <div class="cop-notice cop-notice--warn" role="alert">
        <p>{t('secretsFound', { kinds: kinds.join(', ') })}</p>
        <button type="button" class="cop-button cop-button--small" onClick={onMask}>
          {t('maskSecrets')}
        </button>
      </div>
    );
  return scan.masked ? (
    <p class="cop-hint" role="status">
      {t('secretsMasked')}
    </p>
  ) : null;
}
