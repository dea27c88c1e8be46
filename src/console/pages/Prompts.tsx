/**
 * Contextual prompt rules: URL patterns, keywords and a message that invites people to ask. The live
 * tester runs the same matcher as the extension on a pasted URL and page text, draft included.
 */
import { useMemo, useState } from 'preact/hooks';
import { compileUrlPattern, matchPrompts } from '../../core/prompts';
import type { PromptRule } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { api } from '../connection';
import { ActionButton, LoadError, SubmitRow, submitting, TextField } from '../parts/form';
import { announce } from '../parts/Notice';
import { TableHead } from '../parts/TableHead';

interface Draft {
  id?: string;
  urlPatterns: string;
  keywords: string;
  message: string;
  enabled: boolean;
}

const EMPTY: Draft = { urlPatterns: '', keywords: '', message: '', enabled: true };
const DRAFT_ID = '(draft)';

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const words = (s: string) =>
  s
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** The rule being edited as the matcher sees it, so the tester shows what saving would do. */
export function draftRule(draft: Draft, community: string): PromptRule {
  return {
    id: draft.id ?? DRAFT_ID,
    community,
    urlPatterns: lines(draft.urlPatterns),
    keywords: words(draft.keywords),
    message: draft.message || '(no message yet)',
    enabled: draft.enabled,
    version: 0,
    updatedAt: '',
  };
}

export function Prompts({ community }: { community: string }) {
  const rules = useResource(() => api.prompts(community), [community]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [testUrl, setTestUrl] = useState('');
  const [testText, setTestText] = useState('');

  const patternErrors = lines(draft.urlPatterns).flatMap((p) => {
    const compiled = compileUrlPattern(p);
    return 'error' in compiled ? [compiled.error] : [];
  });
  const testedRules = useMemo(() => {
    const saved = (rules.data ?? []).filter((r) => r.id !== draft.id);
    const editing = draft.urlPatterns || draft.keywords || draft.message;
    return editing ? [...saved, draftRule(draft, community)] : saved;
  }, [rules.data, draft, community]);
  const matches =
    testUrl || testText ? matchPrompts(testedRules, { url: testUrl, text: testText }) : null;

  const save = useAction(async () => {
    const saved = await api.savePrompt(community, {
      ...(draft.id ? { id: draft.id } : {}),
      urlPatterns: lines(draft.urlPatterns),
      keywords: words(draft.keywords),
      message: draft.message.trim(),
      enabled: draft.enabled,
    });
    rules.set((list) => [...(list ?? []).filter((r) => r.id !== saved.id), saved]);
    setDraft(EMPTY);
    announce(`Prompt rule “${saved.message}” saved.`);
  });

  const edit = (r: PromptRule) =>
    setDraft({
      id: r.id,
      urlPatterns: r.urlPatterns.join('\n'),
      keywords: r.keywords.join(', '),
      message: r.message,
      enabled: r.enabled,
    });

  return (
    <section aria-labelledby="prompts-heading">
      <h1 id="prompts-heading">Prompt rules</h1>
      <p class="cop-muted">
        On enabled intranet pages the extension and the widgets show a rule’s message when the page
        fits: its URL matches one of the patterns and, if the rule has keywords, one of them is on
        the page.
      </p>
      <LoadError error={rules.error} />
      {rules.data && rules.data.length === 0 && <p class="cop-muted">No prompt rules yet.</p>}
      {rules.data && rules.data.length > 0 && (
        <table class="console-table">
          <TableHead columns={['Message', 'URL patterns', 'Keywords', 'State']} actions />
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.id}>
                <td>{r.message}</td>
                <td>
                  {r.urlPatterns.map((p) => (
                    <code key={p}>{p} </code>
                  ))}
                </td>
                <td>{r.keywords.join(', ')}</td>
                <td>{r.enabled ? 'on' : 'off'}</td>
                <td>
                  <ActionButton small onClick={() => edit(r)}>
                    Edit<span class="cop-visually-hidden"> “{r.message}”</span>
                  </ActionButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div class="console-columns">
        <form class="cop-form" onSubmit={submitting(save.run)} aria-labelledby="rule-heading">
          <h2 id="rule-heading">{draft.id ? 'Edit rule' : 'New rule'}</h2>
          <div class="cop-field">
            <label for="rule-urls">URL patterns</label>
            <textarea
              id="rule-urls"
              rows={3}
              value={draft.urlPatterns}
              onInput={(e) => setDraft({ ...draft, urlPatterns: e.currentTarget.value })}
              aria-describedby="rule-urls-hint"
            />
            <span id="rule-urls-hint" class="cop-hint">
              One per line, e.g. https://wiki.example.com/ops/* or *.example.com
            </span>
            {patternErrors.map((e) => (
              <span key={e} class="cop-error">
                {e}
              </span>
            ))}
          </div>
          <div class="cop-field">
            <label for="rule-keywords">Keywords</label>
            <input
              id="rule-keywords"
              type="text"
              value={draft.keywords}
              onInput={(e) => setDraft({ ...draft, keywords: e.currentTarget.value })}
            />
            <span class="cop-hint">Separate keywords with commas</span>
          </div>
          <TextField
            id="rule-message"
            label="Message"
            type="text"
            required
            value={draft.message}
            onValue={(message) => setDraft({ ...draft, message })}
          />
          <label class="console-check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
            />{' '}
            Enabled
          </label>
          <SubmitRow
            error={save.error}
            busy={save.busy}
            disabled={patternErrors.length > 0}
            label="Save rule"
          >
            {draft !== EMPTY && (
              <button type="button" class="cop-button" onClick={() => setDraft(EMPTY)}>
                {draft.id ? 'Cancel' : 'Clear'}
              </button>
            )}
          </SubmitRow>
        </form>

        <section class="cop-form" aria-labelledby="tester-heading">
          <h2 id="tester-heading">Try a page</h2>
          <TextField
            id="test-url"
            label="Page URL"
            type="url"
            value={testUrl}
            onValue={setTestUrl}
          />
          <TextField
            id="test-text"
            label="Page text"
            rows={4}
            value={testText}
            onValue={setTestText}
          />
          <div aria-live="polite" class="console-tester-result">
            {matches === null ? (
              <p class="cop-muted">Paste a URL and some page text to see which rule fires.</p>
            ) : matches.length === 0 ? (
              <p>No rule fires on this page.</p>
            ) : (
              <ol>
                {matches.map((m, i) => (
                  <li key={m.rule.id}>
                    <strong>
                      {i === 0 ? 'Fires: ' : 'Also fits: '}
                      {m.rule.message}
                      {m.rule.id === (draft.id ?? DRAFT_ID) && ' (the rule you are editing)'}
                    </strong>
                    <span class="cop-muted">
                      {m.urlPattern && ` · URL matches ${m.urlPattern}`}
                      {m.keywords.length > 0 && ` · keywords ${m.keywords.join(', ')}`}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </section>
      </div>
    </section>
  );
}
