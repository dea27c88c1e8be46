/**
 * Where the console keeps the coordinator's token: this tab's sessionStorage. It lives as long as the tab
 * (a reload keeps it, closing the tab ends it), other tabs and other sites never see it, and no cookie
 * carries it, so there is nothing for a cross-site request to ride on (see docs/security.md).
 */
const TOKEN_KEY = 'cop-console-token';

/** The per-tab storage, or null where there is none (a sandboxed frame, say). */
function tabStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export const tokenStore = {
  read(storage: Storage | null = tabStorage()): string | null {
    try {
      return storage?.getItem(TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  },
  write(token: string, storage: Storage | null = tabStorage()) {
    storage?.setItem(TOKEN_KEY, token);
  },
  clear(storage: Storage | null = tabStorage()) {
    storage?.removeItem(TOKEN_KEY);
  },
};

/**
 * Earlier versions kept the token in localStorage, where every script on the origin could read it for
 * as long as the browser lived: it is removed the first time this version loads.
 */
export function forgetLegacyToken(storage: Storage | null = legacyStorage()) {
  try {
    storage?.removeItem(TOKEN_KEY);
  } catch {}
}

function legacyStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
