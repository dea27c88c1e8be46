/**
 * Wires the service worker: every listener is registered synchronously at start (MV3 wakes the
 * worker for them), then the stored session is restored and the enabled sites are registered.
 */
import { browser } from 'wxt/browser';
import { type CopClient, createClient } from '../client';
import { allRows } from '../client/db';
import type { Answer, Question } from '../core/types';
import { followAlert } from './alert-clicks';
import { raiseAlerts, unseenAnswers, unseenByQuestion } from './answer-alerts';
import { installMenus, listenForActions } from './context-menus';
import { createEnabledSites } from './enabled-sites';
import { createHandlers, type SenderInfo, syncView } from './handlers';
import { createLivePorts } from './live-ports';
import { type Availability, announceRouted, routedToMe } from './routed-alerts';
import { mayAsk } from './sender-trust';
import { createSession } from './session';
import { createSettings } from './settings';
import { createTabPanel } from './tab-panel';

const SYNC_ALARM = 'cop-kit-sync';

/** Browser APIs only Firefox has (its sidebar) or only Chrome has (its side panel). */
interface SidebarApis {
  sidebarAction?: { open(): Promise<void>; toggle?(): Promise<void> };
  sidePanel?: {
    open(options: { tabId?: number; windowId?: number }): Promise<void>;
    setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void>;
  };
}

export function startBackground(): void {
  const extra = browser as unknown as SidebarApis;
  const settings = createSettings(browser.storage);
  const live = createLivePorts(browser.runtime);
  const tabPanel = createTabPanel(browser);
  const enabledSites = createEnabledSites(browser);
  let unsubscribe: (() => void) | undefined;

  const session = createSession({
    settings,
    permissions: browser.permissions,
    createClient,
    onClient: (client) => watchClient(client),
    onChange: (view) => live.broadcast({ type: 'session', session: view }),
  });

  // ── Answer alerts: badge and notifications ──
  let alerting: Promise<unknown> = Promise.resolve();
  // Whether the person muted notifications or is in quiet hours: read from the store now and then.
  let availability: { value: Availability; at: number } | undefined;
  async function currentAvailability(client: CopClient): Promise<Availability> {
    if (availability && Date.now() - availability.at < 5 * 60_000) return availability.value;
    const me = await client.api.myExpertise().catch(() => undefined);
    const value = me ? { muted: me.muted, quietHours: me.quietHours } : availability?.value;
    availability = { value: value ?? { muted: false, quietHours: null }, at: Date.now() };
    return availability.value;
  }

  async function currentUnseen(): Promise<{
    unseen: Answer[];
    questions: Question[];
    routed: Question[];
  } | null> {
    const client = session.client();
    const current = session.current();
    if (!client || !current) return null;
    const [questions, answers, seen] = await Promise.all([
      allRows(client.db, 'question'),
      allRows(client.db, 'answer'),
      settings.seenAnswers(),
    ]);
    const unseen = unseenAnswers({
      userId: current.user.id,
      since: current.alertsSince,
      questions,
      answers,
      seen,
    });
    return { unseen, questions, routed: routedToMe(current.user.id, questions, answers) };
  }

  function refreshAlerts(): Promise<unknown> {
    // Serialised, so one answer can never be announced twice by overlapping refreshes.
    alerting = alerting
      .catch(() => undefined)
      .then(async () => {
        const state = await currentUnseen();
        if (!state) {
          await browser.action.setBadgeText({ text: '' });
          return;
        }
        const notified = await settings.notifiedAnswers();
        const client = session.client();
        // Questions routed to me: on the badge with unseen answers, announced once each.
        const announced = client
          ? await announceRouted(
              state.routed,
              notified,
              await currentAvailability(client),
              new Date(),
              async (question) => {
                const title = browser.i18n.getMessage('notifyRoutedTitle') || 'A question for you';
                await browser.notifications
                  .create(`routed:${question.id}`, {
                    type: 'basic',
                    iconUrl: browser.runtime.getURL('/icon/128.png'),
                    title,
                    message: `${question.authorName || '?'}: “${question.title}”`,
                  })
                  .catch(() => undefined);
              },
            )
          : [];
        const fresh = await raiseAlerts(state.unseen, state.questions, notified, {
          async setBadge(count) {
            const total = count + state.routed.length;
            await browser.action.setBadgeBackgroundColor({ color: '#1d4ed8' });
            await browser.action.setBadgeText({ text: total > 0 ? String(total) : '' });
          },
          async notify(answer, question) {
            const title = browser.i18n.getMessage('notifyAnswerTitle') || 'New answer';
            const message =
              browser.i18n.getMessage('notifyAnswerMessage', [
                answer.authorName || '?',
                question?.title ?? '',
              ]) || `${answer.authorName} answered “${question?.title ?? ''}”`;
            await browser.notifications
              .create(`answer:${answer.id}`, {
                type: 'basic',
                iconUrl: browser.runtime.getURL('/icon/128.png'),
                title,
                message,
              })
              .catch(() => undefined);
          },
        });
        if (fresh.length + announced.length > 0)
          await settings.saveNotifiedAnswers([...notified, ...fresh, ...announced]);
      });
    return alerting;
  }

  function watchClient(client: CopClient | null) {
    unsubscribe?.();
    unsubscribe = undefined;
    live.broadcast({ type: 'sync', sync: syncView(client) });
    void refreshAlerts();
    if (!client) return;
    const stopStatus = client.sync.status.subscribe(() =>
      live.broadcast({ type: 'sync', sync: syncView(client) }),
    );
    const stopChanges = client.subscribe((changes) => {
      const entities = [...new Set(changes.map((c) => c.entity))];
      live.broadcast({ type: 'changed', entities });
      if (entities.includes('answer') || entities.includes('question')) void refreshAlerts();
    });
    unsubscribe = () => {
      stopStatus();
      stopChanges();
    };
  }

  async function openSidePanel(sender: SenderInfo): Promise<boolean> {
    try {
      if (extra.sidePanel) {
        if (sender.tabId !== undefined) await extra.sidePanel.open({ tabId: sender.tabId });
        else if (sender.windowId !== undefined)
          await extra.sidePanel.open({ windowId: sender.windowId });
        else return false;
        return true;
      }
      if (extra.sidebarAction) {
        await extra.sidebarAction.open();
        return true;
      }
    } catch (error) {
      console.warn('[cop-kit] could not open the side panel', error);
    }
    return false;
  }

  const ready = (async () => {
    await session.restore();
    await enabledSites.sync();
  })().catch((error) => console.error('[cop-kit] start-up failed', error));

  const handle = createHandlers({
    session,
    tabPanel,
    ready,
    unseen: async () => unseenByQuestion((await currentUnseen())?.unseen ?? []),
    preferredCommunities: async () => (await settings.managedPolicy()).communities,
    async markSeen(questionId) {
      const client = session.client();
      if (!client) return;
      const answers = await client.db.getAllFromIndex('answer', 'questionId', questionId);
      const seen = await settings.seenAnswers();
      for (const a of answers) seen.add(a.id);
      await settings.saveSeenAnswers(seen);
      await refreshAlerts();
    },
    openSidePanel,
    openOptions: async () => {
      await browser.runtime.openOptionsPage();
      return true;
    },
  });

  // ── Listeners (synchronously, at the top level of the worker) ──
  const trust = {
    extensionId: browser.runtime.id,
    enabled: (origin: string) =>
      browser.permissions.contains({ origins: [`${origin}/*`] }).catch(() => false),
  };
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    const info: SenderInfo = {
      tabId: sender.tab?.id,
      frameId: sender.frameId,
      windowId: sender.tab?.windowId,
    };
    const type = String((message as { type?: unknown } | null)?.type);
    mayAsk(type, sender, trust)
      .then((allowed) =>
        allowed
          ? handle(message, info)
          : {
              ok: false as const,
              error: { code: 'forbidden', message: 'The extension does not answer this sender.' },
            },
      )
      .then(sendResponse);
    return true;
  });

  live.listen((send) => {
    void ready.then(async () => {
      send({ type: 'session', session: await session.view() });
      send({ type: 'sync', sync: syncView(session.client()) });
    });
  });

  enabledSites.watch();
  // An administrator changed the policy while the browser runs (Chrome re-reads it periodically).
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'managed') return;
    void ready.then(() => session.policyChanged()).catch(() => undefined);
  });
  listenForActions(browser, (target, mode, selectionText) =>
    tabPanel.open(target, mode, selectionText ? { selectionText } : {}),
  );

  browser.runtime.onInstalled.addListener(() => {
    void installMenus(browser);
    void enabledSites.sync();
  });
  browser.runtime.onStartup.addListener(() => {
    void installMenus(browser);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== SYNC_ALARM) return;
    void ready.then(() => session.client()?.sync.syncNow());
  });
  void browser.alarms.get(SYNC_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  });

  browser.notifications.onClicked.addListener((notificationId) => {
    followAlert(notificationId, {
      openSidePanel: async () =>
        openSidePanel({ windowId: (await browser.windows.getLastFocused()).id }),
      openTab: (path) => browser.tabs.create({ url: browser.runtime.getURL(path as never) }),
      clear: (id) => browser.notifications.clear(id),
    }).catch(() => undefined);
  });

  // The toolbar button opens the side panel (Chrome) or toggles the sidebar (Firefox).
  if (extra.sidePanel) {
    extra.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  } else if (extra.sidebarAction) {
    const sidebar = extra.sidebarAction;
    browser.action.onClicked.addListener(() => {
      void (sidebar.toggle ? sidebar.toggle() : sidebar.open());
    });
  }
}
