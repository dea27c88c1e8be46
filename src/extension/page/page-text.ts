/** The page's readable text, for matching the community's prompts inside the browser. */

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME']);

/** Title, meta description and body text (without scripts and styles), at most `max` characters. */
export function pageText(doc: Document, max = 20_000): string {
  const parts: string[] = [doc.title];
  const description = doc.querySelector('meta[name="description"]')?.getAttribute('content');
  if (description) parts.push(description);
  let length = parts.join(' ').length;
  const body = doc.body;
  if (!body) return parts.join(' ');
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType === 1
        ? SKIP.has((node as Element).tagName.toUpperCase()) ||
          (node as Element).tagName.startsWith('COP-KIT')
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_SKIP
        : NodeFilter.FILTER_ACCEPT,
  });
  for (let node = walker.nextNode(); node && length < max; node = walker.nextNode()) {
    const text = node.nodeValue?.replace(/\s+/g, ' ').trim();
    if (text) {
      parts.push(text);
      length += text.length + 1;
    }
  }
  return parts.join(' ').slice(0, max);
}
