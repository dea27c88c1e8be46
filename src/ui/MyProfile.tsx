/**
 * "My profile": the topics I declared, the evidence the expert ranking sees, my load of routed
 * questions, and whether I am hidden from expert lookup and routing. The side panel and the console
 * show it; the host says how to read and save (`/me/expertise`).
 */
import { useId, useState } from 'preact/hooks';
import type { MyExpertise } from '../core/question-loop';
import { useT } from './i18n';
import { parseTags } from './tags';
import { useAction } from './use-action';
import { useResource } from './use-resource';

export interface MyProfileProps {
  load(): Promise<MyExpertise>;
  save(update: { topics?: string[]; hidden?: boolean }): Promise<MyExpertise>;
}

export function MyProfile({ load, save }: MyProfileProps) {
  const t = useT();
  const id = useId();
  const profile = useResource(load, [load]);
  const me = profile.data;
  const [topic, setTopic] = useState('');
  const [notice, setNotice] = useState('');
  const saving = useAction(async (update: { topics?: string[]; hidden?: boolean }) => {
    setNotice('');
    const saved = await save(update);
    profile.set(() => saved);
    setNotice(t('profileSaved'));
  });
  const apply = saving.run;
  const error = saving.error || profile.error;

  function addTopic(event: Event) {
    event.preventDefault();
    if (!me) return;
    const added = parseTags(topic).filter((x) => !me.topics.includes(x));
    setTopic('');
    if (added.length) void apply({ topics: [...me.topics, ...added] });
  }

  return (
    <section class="cop-profile" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('myProfile')}</h2>
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      <p role="status" class="cop-hint">
        {notice}
      </p>
      {me && (
        <>
          <h3 id={`${id}-topics`}>{t('myTopics')}</h3>
          {me.topics.length === 0 ? (
            <p class="cop-muted">{t('noTopics')}</p>
          ) : (
            <ul class="cop-list" aria-labelledby={`${id}-topics`}>
              {me.topics.map((x) => (
                <li key={x}>
                  <span class="cop-badge">{x}</span>{' '}
                  <button
                    type="button"
                    class="cop-button cop-button--small"
                    onClick={() => apply({ topics: me.topics.filter((y) => y !== x) })}
                  >
                    {t('remove')}
                    <span class="cop-visually-hidden"> {x}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <form class="cop-row" onSubmit={addTopic}>
            <div class="cop-field">
              <label for={`${id}-add`}>{t('addTopic')}</label>
              <input
                id={`${id}-add`}
                type="text"
                value={topic}
                onInput={(e) => setTopic(e.currentTarget.value)}
              />
            </div>
            <button type="submit" class="cop-button" disabled={!topic.trim()}>
              {t('add')}
            </button>
          </form>
          <div class="cop-field cop-check">
            <input
              id={`${id}-hidden`}
              type="checkbox"
              checked={me.hidden}
              onChange={(e) => apply({ hidden: e.currentTarget.checked })}
            />
            <label for={`${id}-hidden`}>{t('hideMe')}</label>
          </div>
          <h3>{t('evidenceHeading')}</h3>
          <p>
            {t('evidenceCounts', {
              practices: me.evidence.practices,
              answers: me.evidence.acceptedAnswers,
              endorsements: me.evidence.endorsements,
            })}
          </p>
          {me.evidence.items.length > 0 && (
            <ul class="cop-list">
              {me.evidence.items.slice(0, 10).map((item, i) => (
                <li key={`${item.kind}:${item.id ?? i}`}>{item.title}</li>
              ))}
            </ul>
          )}
          <p>{t('myLoad', { count: me.load })}</p>
        </>
      )}
    </section>
  );
}
