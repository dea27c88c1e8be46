/**
 * Turns the demo page's source into the page the store serves at /demo: every live example is
 * followed by its own markup as code to copy, so the code shown is exactly the code running.
 */

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** Removes the indentation the lines share. */
function dedent(text: string): string {
  const lines = text.replace(/^\n+|\s+$/g, '').split('\n');
  const indent = Math.min(
    ...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0),
  );
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** `<!-- example -->…<!-- /example -->` becomes the live markup plus a code block showing it. */
export function renderDemo(source: string, options: { bundle: string }): string {
  return source
    .replaceAll('{{BUNDLE}}', options.bundle)
    .replace(/<!-- example -->([\s\S]*?)<!-- \/example -->/g, (_all, markup: string) => {
      // Tokens in the live markup are filled in at run time; the code shows a placeholder.
      const shown = dedent(markup).replace(/ data-demo-token/g, ' token="EMBED-TOKEN"');
      return `<div class="live">${markup}</div>\n<pre class="code"><code>${escapeHtml(shown)}</code></pre>`;
    });
}
