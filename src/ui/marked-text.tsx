/**
 * Renders the store's search highlights (HTML-escaped text with `<mark>` around matches) as
 * Preact nodes, without ever assigning HTML: anything but `<mark>` stays text.
 */
import type { ComponentChildren } from 'preact';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#x27;': "'",
  '&#x2F;': '/',
};

function decodeEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39|#x27|#x2F);/g, (e) => ENTITIES[e] ?? e);
}

/** `a <mark>b</mark> c` → ['a ', <mark>b</mark>, ' c']. */
export function MarkedText({ html }: { html: string }) {
  const parts: ComponentChildren[] = [];
  const re = /<mark>([\s\S]*?)<\/mark>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) parts.push(decodeEntities(html.slice(last, m.index)));
    parts.push(<mark key={m.index}>{decodeEntities(m[1] ?? '')}</mark>);
    last = m.index + m[0].length;
  }
  if (last < html.length) parts.push(decodeEntities(html.slice(last)));
  return <>{parts}</>;
}
