/**
 * The community directory as a list a person joins from: each community's name, domain statement,
 * openness, coordinators, size and the person's state, with **Join NAME** or **Ask to join NAME**.
 */
import { useState } from 'preact/hooks';
import type { DirectoryEntry } from '../core/accounts';
import { useT } from './i18n';
import { useAction } from './use-action';

export interface CommunityDirectoryProps {
  entries: DirectoryEntry[];
  /** Joins (or asks to join); resolves `true` when the person is now a member. */
  onJoin: (entry: DirectoryEntry) => Promise<boolean>;
  headingLevel?: 2 | 3;
}

export function CommunityDirectory({ entries, onJoin, headingLevel = 3 }: CommunityDirectoryProps) {
  const t = useT();
  // The community whose join is on its way.
  const [joining, setJoining] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const Heading = `h${headingLevel}` as 'h3';

  const action = useAction(async (entry: DirectoryEntry) => {
    setJoining(entry.slug);
    const joined = await onJoin(entry);
    setSaid(t(joined ? 'joinedCommunity' : 'requestedCommunity', { name: entry.name }));
  });
  const { error, run: join } = action;
  const busy = action.busy ? joining : null;

  return (
    <div>
      <p class="cop-hint" role="status">
        {said}
      </p>
      {error && (
        <p class="cop-notice cop-notice--error" role="alert">
          {error}
        </p>
      )}
      <ul class="cop-list">
        {entries.map((entry) => (
          <li key={entry.slug} class="cop-card" data-community={entry.slug}>
            <Heading class="cop-card__title">{entry.name}</Heading>
            <p>{entry.domain}</p>
            <p class="cop-hint">
              {entry.open ? t('communityOpen') : t('communityClosed')}{' '}
              {t('communityMembers', { count: entry.memberCount })}
              {entry.coordinators.length > 0 &&
                ` · ${t('coordinatedBy', { names: entry.coordinators.map((c) => c.name).join(', ') })}`}
            </p>
            {entry.state === 'none' ? (
              <button
                type="button"
                class="cop-button cop-button--primary cop-button--small"
                disabled={busy === entry.slug}
                onClick={() => join(entry)}
              >
                {t(entry.open ? 'joinCommunity' : 'askToJoin', { name: entry.name })}
              </button>
            ) : (
              <p class="cop-hint">
                {t(
                  entry.state === 'requested'
                    ? 'youRequested'
                    : entry.state === 'sponsor'
                      ? 'youSponsor'
                      : 'youAreMember',
                )}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
