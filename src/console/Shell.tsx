/** The coordinator's frame: community switcher, the sections of the console, and the current page. */
import type { JSX } from 'preact';
import { AuditLog } from './pages/AuditLog';
import { Digest } from './pages/Digest';
import { DueForReview } from './pages/DueForReview';
import { Health } from './pages/Health';
import { Members } from './pages/Members';
import { Prompts } from './pages/Prompts';
import { Questions } from './pages/Questions';
import { ReviewQueue } from './pages/ReviewQueue';
import { Settings } from './pages/Settings';
import { Webhooks } from './pages/Webhooks';
import { Notice } from './parts/Notice';
import { DIRECTORY_HREF, OVERVIEW_HREF, type Page, PROFILE_HREF, routeHref } from './router';
import { type Session, signOut, sponsors } from './session';

const SECTIONS: [Page, string][] = [
  ['queue', 'Review queue'],
  ['due', 'Due for review'],
  ['questions', 'Questions'],
  ['prompts', 'Prompts'],
  ['members', 'Members'],
  ['settings', 'Settings'],
  ['health', 'Health'],
  ['webhooks', 'Webhooks'],
  ['digest', 'Digest'],
  ['audit', 'Audit log'],
];

const PAGE: Record<Page, (props: { community: string; session: Session }) => JSX.Element> = {
  queue: ReviewQueue,
  due: DueForReview,
  questions: Questions,
  prompts: Prompts,
  members: Members,
  settings: Settings,
  health: Health,
  webhooks: Webhooks,
  digest: Digest,
  audit: AuditLog,
};

export function Shell({
  session,
  community,
  page,
}: {
  session: Session;
  community: string;
  page: Page;
}) {
  const current = session.communities.find((c) => c.slug === community);
  const Current = PAGE[page];
  return (
    <div class="console-shell">
      <header class="console-header">
        <div class="console-brand">CoP Kit console</div>
        <label class="console-switch">
          <span class="cop-visually-hidden">Community</span>
          <select
            aria-label="Community"
            value={community}
            onChange={(e) => {
              location.hash = routeHref(e.currentTarget.value, page);
            }}
          >
            {session.coordinates.map((slug) => (
              <option key={slug} value={slug}>
                {session.communities.find((c) => c.slug === slug)?.name ?? slug}
              </option>
            ))}
          </select>
        </label>
        <span class="console-user">
          {session.user.name}
          {session.user.isAdmin ? ' (admin)' : ' (coordinator)'}
        </span>
        <a href={DIRECTORY_HREF}>Directory</a>
        <a href={PROFILE_HREF}>My profile</a>
        {sponsors(session) && <a href={OVERVIEW_HREF}>Overview</a>}
        <button type="button" class="cop-button cop-button--small" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <nav class="console-nav" aria-label="Console sections">
        {SECTIONS.map(([id, label]) => (
          <a
            key={id}
            href={routeHref(community, id)}
            aria-current={id === page ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <main class="console-main">
        {current && <p class="console-domain cop-muted">{current.domain}</p>}
        <Notice />
        <Current key={`${community}:${page}`} community={community} session={session} />
      </main>
    </div>
  );
}
