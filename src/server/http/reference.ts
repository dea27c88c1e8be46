/** A readable API reference rendered on the server from the same OpenAPI document that validation uses. */
import { escapeHtml } from './html';

type Doc = { paths?: Record<string, Record<string, Operation>> };
type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
};

export function renderReference(doc: Doc): string {
  const sections = Object.entries(doc.paths ?? {}).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? [])
        .map(
          (p) =>
            `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})</li>`,
        )
        .join('');
      const body = op.requestBody?.content?.['application/json']?.schema;
      return `<section id="${escapeHtml(`${method}-${path}`)}">
  <h2><span class="m ${method}">${method.toUpperCase()}</span> <code>/api/v1${escapeHtml(path)}</code></h2>
  <p>${escapeHtml(op.summary ?? '')}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
  ${params ? `<h3>Parameters</h3><ul>${params}</ul>` : ''}
  ${body ? `<h3>Body</h3><pre>${escapeHtml(JSON.stringify(body, null, 2))}</pre>` : ''}
</section>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>CoP Kit API reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2430}
h1{font-size:1.6rem}h2{font-size:1.05rem;margin:2rem 0 .3rem}pre{background:#f4f5f7;padding:.8rem;overflow:auto;font-size:12px}
.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem}
.get{background:#2f6f4f}.post{background:#2b59c3}.put{background:#8a5a00}.delete{background:#a12b2b}
@media (prefers-color-scheme: dark){body{background:#14171c;color:#e6e8eb}pre{background:#1f242b}}</style></head>
<body><h1>CoP Kit API reference</h1>
<p>JSON over HTTP. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code> (an API token or an embed token). Errors are
<code>{"error": {"code", "message"}}</code>. The machine-readable document is at <a href="/openapi.json">/openapi.json</a>.</p>
${sections.join('\n')}
</body></html>`;
}
