/**
 * Who may ask the background what. Its own pages (options, side panel, the frame in a page) may ask
 * anything; its own content scripts only what the page's view needs (prompts, opening the panel),
 * and only in a tab whose site is enabled. Nothing else is answered: not another extension, not a
 * page, not a content script on a site the person never enabled.
 */
import type { RequestType } from './messages';

/** What the first-load script needs: a page's prompts, its lazily loaded parts and a way to open the panel. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<RequestType> = new Set([
  'page/hello',
  'page/text',
  'page/loadPart',
  'page/openPanel',
]);

export interface MessageSender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

export interface TrustDeps {
  extensionId: string;
  /** Whether the extension holds a host permission for this origin (the site is enabled). */
  enabled(origin: string): Promise<boolean>;
}

/** An extension page of ours: one of our own addresses. */
export function isOwnPage(sender: MessageSender, extensionId: string): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  try {
    return /^(chrome|moz)-extension:$/.test(new URL(sender.url).protocol);
  } catch {
    return false;
  }
}

/** Whether to answer this request from this sender. */
export async function mayAsk(
  type: string,
  sender: MessageSender,
  deps: TrustDeps,
): Promise<boolean> {
  if (sender.id !== deps.extensionId) return false;
  if (isOwnPage(sender, deps.extensionId)) return true;
  if (!CONTENT_SCRIPT_REQUESTS.has(type as RequestType)) return false;
  if (sender.tab?.id === undefined || !sender.url) return false;
  let origin: string;
  try {
    const url = new URL(sender.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
    origin = url.origin;
  } catch {
    return false;
  }
  return deps.enabled(origin);
}
