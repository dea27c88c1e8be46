/**
 * Open questions, oldest first, so nothing waits forever: route each to suggested people (spread so
 * the top expert is not asked everything, with a rising member), answer it, or close it.
 */
import { useState } from 'preact/hooks';
import { newId } from '../../core/ids';
import type { Question } from '../../core/types';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import type { MemberView, RouteSuggestions } from '../api';
import { api } from '../connection';
import { ActionButton, LoadError, NoteInput, SubmitRow, TextField } from '../parts/form';
import { dateTime, timeAgo } from '../parts/format';
import { announce, announceError } from '../parts/Notice';

export function Questions({ community }: { community: string }) {
  const questions = useResource(
    async () => (await api.openQuestions(community)).items,
    [community],
  );
  const members = useResource(() => api.members(community), [community]);
  const [unansweredOnly, setUnansweredOnly] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const names = new Map((members.data ?? []).map((m) => [m.user.id, m.user.name]));
  const list = (questions.data ?? []).filter((q) => !unansweredOnly || q.answerCount === 0);

  const update = (q: Question) =>
    questions.set((items) =>
      (items ?? []).flatMap((item) => (item.id !== q.id ? [item] : q.status === 'open' ? [q] : [])),
    );

  return (
    <section aria-labelledby="questions-heading">
      <h1 id="questions-heading">Open questions</h1>
      <p class="cop-muted">
        Oldest first. Route a question to people who can answer it; answering is how members move
        from the edge of the community to its core.
      </p>
      <label class="console-check">
        <input
          type="checkbox"
          checked={unansweredOnly}
          onChange={(e) => setUnansweredOnly(e.currentTarget.checked)}
        />{' '}
        Only questions without answers
      </label>
      <LoadError error={questions.error} />
      {questions.data && list.length === 0 && (
        <p class="cop-muted">No open questions. Well looked after!</p>
      )}
      <ol class="console-questions">
        {list.map((q) => (
          <li key={q.id} data-question-id={q.id}>
            <div class="console-titlebar">
              <h2>{q.title}</h2>
              <ActionButton
                small
                aria-expanded={open === q.id}
                onClick={() => setOpen(open === q.id ? null : q.id)}
              >
                {open === q.id ? 'Hide' : 'Open'}
                <span class="cop-visually-hidden"> “{q.title}”</span>
              </ActionButton>
            </div>
            <p class="cop-meta">
              <span>asked by {q.authorName}</span>{' '}
              <span title={dateTime(q.createdAt)}>{timeAgo(q.createdAt)}</span>{' '}
              <span>
                {q.answerCount} answer{q.answerCount === 1 ? '' : 's'}
              </span>
              {q.routedTo.length > 0 && (
                <span>
                  {' '}
                  · routed to {q.routedTo.map((id) => names.get(id) ?? 'a member').join(', ')}
                </span>
              )}
              {q.waitingSince && (
                <span class="cop-badge" title={`No answer since ${dateTime(q.waitingSince)}`}>
                  {' '}
                  waiting
                </span>
              )}
            </p>
            {open === q.id && (
              <QuestionDetail question={q} members={members.data ?? []} onChanged={update} />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function QuestionDetail({
  question: q,
  members,
  onChanged,
}: {
  question: Question;
  members: MemberView[];
  onChanged: (q: Question) => void;
}) {
  const thread = useResource(() => api.shared.question(q.id), [q.id, q.answerCount]);
  const suggestions = useResource(() => api.routeSuggestions(q.id), [q.id, q.routedTo.length]);
  const [answer, setAnswer] = useState('');
  const [closeNote, setCloseNote] = useState('');
  const action = useAction((work: () => Promise<void>) => work(), { onError: announceError });
  const { busy, run: act } = action;

  const postAnswer = (event: Event) => {
    event.preventDefault();
    if (!answer.trim()) return;
    void act(async () => {
      await api.shared.postAnswer(q.id, { id: newId(), body: answer.trim() }, newId());
      setAnswer('');
      onChanged({ ...q, answerCount: q.answerCount + 1 });
      announce(`Answer posted to “${q.title}”.`);
    });
  };

  return (
    <div class="console-question">
      {q.body && <p>{q.body}</p>}
      {q.context?.url && (
        <p class="cop-muted">
          Asked from{' '}
          <a href={q.context.url} target="_blank" rel="noopener noreferrer">
            {q.context.title || q.context.url}
          </a>
        </p>
      )}
      {q.context?.selection && <blockquote class="cop-quote">{q.context.selection}</blockquote>}

      <h3>Answers</h3>
      {thread.data?.answers.length ? (
        <ul class="console-answers">
          {thread.data.answers.map((a) => (
            <li key={a.id}>
              <p>{a.body}</p>
              <p class="cop-meta">
                {a.authorName}, {timeAgo(a.createdAt)}
                {a.accepted && <span class="cop-badge">accepted</span>}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p class="cop-muted">No answers yet.</p>
      )}
      <form class="cop-form" onSubmit={postAnswer} aria-label={`Answer “${q.title}”`}>
        <TextField
          id={`answer-${q.id}`}
          label="Your answer"
          rows={3}
          value={answer}
          onValue={setAnswer}
        />
        <SubmitRow label="Post answer" primary={false} busy={busy} disabled={!answer.trim()} />
      </form>

      <RoutePanel
        question={q}
        members={members}
        suggestions={suggestions.data}
        error={suggestions.error}
        busy={busy}
        onRoute={(ids) =>
          act(async () => {
            const next = await api.route(q.id, ids);
            onChanged(next);
            const names = ids.map((id) => members.find((m) => m.user.id === id)?.user.name ?? id);
            announce(`Routed “${q.title}” to ${names.join(', ')}.`);
          })
        }
      />

      <form
        class="cop-row console-close"
        aria-label={`Close “${q.title}”`}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            onChanged(await api.close(q.id, closeNote.trim() || undefined));
            announce(`Closed “${q.title}”.`);
          });
        }}
      >
        <NoteInput
          label="Note for closing (optional)"
          placeholder="Why it is closed (optional)"
          value={closeNote}
          onValue={setCloseNote}
        />
        <button type="submit" class="cop-button" disabled={busy}>
          Close question
        </button>
      </form>
    </div>
  );
}

const LEVEL: Record<string, string> = {
  peripheral: 'peripheral',
  active: 'active',
  core: 'core',
};

function RoutePanel({
  question,
  members,
  suggestions,
  error,
  busy,
  onRoute,
}: {
  question: Question;
  members: MemberView[];
  suggestions: RouteSuggestions | undefined;
  error: string | null;
  busy: boolean;
  onRoute: (ids: string[]) => void;
}) {
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const [extra, setExtra] = useState('');
  const chosen = picked ?? new Set(suggestions?.suggested.map((s) => s.user.id) ?? []);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  const candidates = [...(suggestions?.suggested ?? []), ...(suggestions?.others ?? [])];
  const outside = members.filter(
    (m) =>
      m.user.id !== question.author &&
      !question.routedTo.includes(m.user.id) &&
      !candidates.some((c) => c.user.id === m.user.id),
  );
  return (
    <fieldset class="console-route">
      <legend>Route to people who can answer</legend>
      {error && <p class="cop-error">{error}</p>}
      {suggestions && candidates.length === 0 && (
        <p class="cop-muted">
          Nobody has shown knowledge of {suggestions.topics.join(', ') || 'this topic'} yet. Choose
          a member below.
        </p>
      )}
      {candidates.map((c) => (
        <label key={c.user.id} class="console-choice">
          <input
            type="checkbox"
            checked={c.alreadyRouted || chosen.has(c.user.id)}
            disabled={c.alreadyRouted}
            onChange={() => toggle(c.user.id)}
          />
          <span>
            {c.user.name}{' '}
            {c.reason !== 'candidate' && (
              <span class="cop-badge">{c.reason === 'rising' ? 'rising member' : 'expert'}</span>
            )}{' '}
            <span class="cop-muted">
              {LEVEL[c.level]} · score {c.score} · {c.load} open routed
              {c.alreadyRouted ? ' · already routed' : ''}
            </span>
          </span>
        </label>
      ))}
      {outside.length > 0 && (
        <div class="cop-field">
          <label for={`route-extra-${question.id}`}>Someone else</label>
          <select
            id={`route-extra-${question.id}`}
            value={extra}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setExtra('');
              if (id) toggle(id);
            }}
          >
            <option value="">Choose a member…</option>
            {outside.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name} ({m.level})
              </option>
            ))}
          </select>
          {[...chosen]
            .filter((id) => outside.some((m) => m.user.id === id))
            .map((id) => (
              <span key={id} class="cop-tag">
                {members.find((m) => m.user.id === id)?.user.name}
              </span>
            ))}
        </div>
      )}
      <button
        type="button"
        class="cop-button cop-button--primary"
        disabled={busy || chosen.size === 0}
        onClick={() => onRoute([...chosen])}
      >
        Route to {chosen.size} {chosen.size === 1 ? 'person' : 'people'}
      </button>
    </fieldset>
  );
}
