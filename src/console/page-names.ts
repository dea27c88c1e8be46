/** The pages of one community's console, in the order of its menu (no DOM here, so tests can import it). */
export const PAGES = [
  'queue',
  'due',
  'questions',
  'prompts',
  'members',
  'settings',
  'health',
  'webhooks',
  'digest',
  'audit',
] as const;
export type Page = (typeof PAGES)[number];
