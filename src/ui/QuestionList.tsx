/**
 * Questions with their answers: expand one to read the answers, answer it, or (as the asker)
 * accept an answer. New answers since the person last looked are counted on the question.
 */
import { useId, useState } from 'preact/hooks';
import { LIMITS } from '../core/limits';
import type { Answer, Question } from '../core/types';
import type { SubmitOutcome } from './CaptureForm';
import { useT } from './i18n';
import { useAction } from './use-action';

export interface QuestionListProps {
  questions: Question[];
  /** Answers known per question id; `undefined` means not loaded yet. */
  answers: Record<string, Answer[] | undefined>;
  currentUserId?: string;
  /** Answers the person has not seen yet, per question id. */
  unseen?: Record<string, number>;
  onExpand?: (questionId: string) => void;
  onAnswer?: (questionId: string, body: string) => Promise<SubmitOutcome>;
  onAccept?: (questionId: string, answerId: string) => Promise<void>;
  /** Turns the accepted answer into a practice (offered to the asker, or to everyone when `canPromote`). */
  onPromote?: (questionId: string) => Promise<void>;
  /** The viewer may promote any question's accepted answer (a coordinator). */
  canPromote?: boolean;
  emptyText?: string;
  headingLevel?: 2 | 3 | 4;
}

export function QuestionList(props: QuestionListProps) {
  const t = useT();
  if (props.questions.length === 0) {
    return <p class="cop-muted">{props.emptyText ?? t('noQuestions')}</p>;
  }
  return (
    <ul class="cop-list">
      {props.questions.map((q) => (
        <li key={q.id}>
          <QuestionItem question={q} {...props} />
        </li>
      ))}
    </ul>
  );
}

function QuestionItem({
  question: q,
  answers,
  currentUserId,
  unseen,
  onExpand,
  onAnswer,
  onAccept,
  onPromote,
  canPromote,
  headingLevel = 3,
}: QuestionListProps & { question: Question }) {
  const t = useT();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  // Answering and promoting: one at a time, with the failure of the last shown.
  const act = useAction((work: () => Promise<void>) => work());
  const { busy, error } = act;
  const [notice, setNotice] = useState('');
  const [promoted, setPromoted] = useState(false);
  const Heading = `h${headingLevel}` as 'h3';
  const list = answers[q.id];
  const fresh = unseen?.[q.id] ?? 0;
  const mine = currentUserId !== undefined && q.author === currentUserId;

  function toggle() {
    const next = !open;
    setOpen(next);
    if (next) onExpand?.(q.id);
  }

  function postAnswer(event: Event) {
    event.preventDefault();
    if (!onAnswer || !draft.trim()) return;
    void act.run(async () => {
      const outcome = await onAnswer(q.id, draft.trim());
      setDraft('');
      setNotice(outcome.queued ? t('postedQueued') : t('answerPosted'));
    });
  }

  return (
    <article class="cop-card" data-question-id={q.id}>
      <Heading>{q.title}</Heading>
      <div class="cop-meta">
        <span class="cop-badge">{t(`qstatus_${q.status}`)}</span>
        <span>{t('answersCount', { count: q.answerCount })}</span>
        {fresh > 0 && (
          <span class="cop-badge" data-new-answers={fresh}>
            {t('newAnswers', { count: fresh })}
          </span>
        )}
        {q.authorName && <span>{t('by', { name: q.authorName })}</span>}
      </div>
      {q.body && <p>{q.body}</p>}
      {q.context?.title && <p class="cop-hint">{t('askedFrom', { title: q.context.title })}</p>}
      <button
        type="button"
        class="cop-button cop-button--small"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={`${id}-answers`}
        onClick={toggle}
      >
        {open ? t('hideAnswers') : t('showAnswers')}
        <span class="cop-visually-hidden">: {q.title}</span>
      </button>
      <div id={`${id}-answers`} hidden={!open} style={{ marginTop: '8px' }}>
        {open && (
          <>
            {list === undefined ? null : list.length === 0 ? (
              <p class="cop-muted">{t('noAnswers')}</p>
            ) : (
              <ul class="cop-list">
                {list.map((a) => (
                  <li key={a.id} class="cop-card" data-answer-id={a.id}>
                    <p style={{ whiteSpace: 'pre-wrap' }}>{a.body}</p>
                    <div class="cop-meta">
                      {a.authorName && <span>{t('by', { name: a.authorName })}</span>}
                      {a.accepted && <span class="cop-badge">{t('accepted')}</span>}
                      {mine && onAccept && !a.accepted && q.status !== 'closed' && (
                        <button
                          type="button"
                          class="cop-button cop-button--small"
                          onClick={() => onAccept(q.id, a.id)}
                        >
                          {t('acceptAnswer')}
                        </button>
                      )}
                      {a.accepted && onPromote && (mine || canPromote) && !promoted && (
                        <button
                          type="button"
                          class="cop-button cop-button--small"
                          onClick={() =>
                            act.run(async () => {
                              await onPromote(q.id);
                              setPromoted(true);
                              setNotice(t('promoted'));
                            })
                          }
                        >
                          {t('promoteAnswer')}
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {!onAnswer && (notice || error) && (
              <p
                class={error ? 'cop-notice cop-notice--error' : 'cop-hint'}
                role={error ? 'alert' : 'status'}
              >
                {error || notice}
              </p>
            )}
            {onAnswer && (
              <form class="cop-form" onSubmit={postAnswer} style={{ marginTop: '8px' }}>
                <div class="cop-field">
                  <label for={`${id}-answer`}>{t('yourAnswer')}</label>
                  <textarea
                    id={`${id}-answer`}
                    maxLength={LIMITS.body}
                    value={draft}
                    onInput={(e) => setDraft(e.currentTarget.value)}
                  />
                </div>
                {error && (
                  <p class="cop-notice cop-notice--error" role="alert">
                    {error}
                  </p>
                )}
                <div class="cop-actions">
                  <span role="status" class="cop-hint">
                    {notice}
                  </span>
                  <button
                    type="submit"
                    class="cop-button cop-button--primary"
                    disabled={busy || !draft.trim()}
                  >
                    {t('postAnswer')}
                  </button>
                </div>
              </form>
            )}
          </>
        )}
      </div>
    </article>
  );
}
