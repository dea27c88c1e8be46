/**
 * A click on one of the extension's notifications (an answer to the person's question, a question
 * routed to them) leads to their questions: the side panel where the browser lets it open from a
 * notification, else the same view in a tab (Firefox opens its sidebar only from a direct user action).
 */
export const QUESTIONS_VIEW = '/sidepanel.html#questions';

export interface AlertClickApi {
  /** Opens the side panel (sidebar); false when the browser refused. */
  openSidePanel(): Promise<boolean>;
  openTab(path: string): Promise<unknown>;
  clear(notificationId: string): Promise<unknown>;
}

/** Whether a notification id is one of the question alerts (`answer:ID`, `routed:ID`). */
export const isQuestionAlert = (notificationId: string) => /^(answer|routed):/.test(notificationId);

export async function followAlert(notificationId: string, api: AlertClickApi): Promise<void> {
  if (!isQuestionAlert(notificationId)) return;
  // The side panel first: the browser lets it open only while the click still counts as the
  // person's action.
  if (!(await api.openSidePanel())) await api.openTab(QUESTIONS_VIEW);
  await api.clear(notificationId);
}
