/**
 * The words of the shared UI in English (other languages: ./i18n-de). Components read them through
 * `useT()`, so the extension, the widgets and the console each pick a locale once, where they are wired.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const en = {
  // Capture
  capturePractice: 'Capture as practice',
  captureHeading: 'Capture a practice',
  title: 'Title',
  community: 'Community',
  kind: 'Kind',
  tags: 'Tags',
  tagsHint: 'Separate tags with commas',
  note: 'Note',
  notePlaceholder: 'Why it matters, when to use it',
  quote: 'Quote',
  source: 'Source',
  savePractice: 'Save practice',
  saving: 'Saving…',
  cancel: 'Cancel',
  close: 'Close',
  savedSynced: 'Practice saved and shared with {community}.',
  savedQueued: 'Practice saved. It will be shared when the store is reachable.',
  kind_method: 'Method',
  kind_story: 'Story',
  kind_case: 'Case',
  kind_tool: 'Tool',
  kind_document: 'Document',
  kind_lesson: 'Lesson',
  noCommunities: 'You are not a member of any community yet. Ask a coordinator to add you.',
  titleRequired: 'Give the practice a title.',
  communityRequired: 'Choose a community.',
  // Secrets
  secretsFound: 'This text looks like it contains {kinds}. Mask it before sharing?',
  maskSecrets: 'Mask secrets',
  secretsMasked: 'Secrets masked.',
  secret_apiKey: 'an API key',
  secret_token: 'a token',
  secret_password: 'a password',
  secret_privateKey: 'a private key',
  secret_cardNumber: 'a card number',
  secret_email: 'an email address',
  secret_other: 'a secret',
  // Similar practices
  similarHeading: 'Similar practices already exist',
  similarHint: 'Endorse one of these instead of capturing a duplicate?',
  endorse: 'Endorse',
  endorseThis: 'Endorse this instead',
  endorsed: 'Endorsed',
  endorsements: '{count} endorsements',
  // Ask
  askCommunity: 'Ask the community',
  askHeading: 'Ask the community',
  question: 'Question',
  details: 'Details',
  pageContext: 'Page context sent with the question',
  contextUrl: 'Address',
  contextTitle: 'Page title',
  contextSelection: 'Selected text',
  remove: 'Remove',
  removeItem: 'Remove {item}',
  postQuestion: 'Post question',
  posting: 'Posting…',
  postedSynced: 'Question posted to {community}.',
  postedQueued: 'Question saved. It will be posted when the store is reachable.',
  questionRequired: 'Write your question.',
  // Practices
  searchPractices: 'Search practices',
  searchPlaceholder: 'Search the practices you can see',
  noPractices: 'No practices found.',
  practicesCount: '{count} practices',
  status_captured: 'Unreviewed',
  status_published: 'Published',
  status_rejected: 'Rejected',
  status_archived: 'Archived',
  featured: 'Featured',
  by: 'by {name}',
  openSource: 'Open source page',
  // Experts
  findExpert: 'Find an expert',
  expertPlaceholder: 'A topic, e.g. kubernetes',
  search: 'Search',
  noExperts: 'Nobody matches this topic yet.',
  expertsHint: 'Type a topic to see who knows it and why.',
  score: 'Score {score}',
  evidence_declared: 'Declared expertise',
  evidence_practice: 'Captured',
  evidence_answer: 'Answered',
  evidence_endorsement: 'Endorsed',
  evidence_helped: 'Helped people',
  // Stewardship
  dueForReview: 'Due for review',
  verifiedOn: 'Verified {date}',
  notVerified: 'Not verified yet',
  helpedCount: 'Helped {count}',
  thisHelped: 'This helped',
  helpedThanks: 'Thanks! How did it help?',
  helped_saved_time: 'Saved me time',
  helped_avoided_mistake: 'Avoided a mistake',
  helpedRecorded: 'Thanks, noted.',
  stillRight: 'Still right',
  markedStillRight: 'Marked still right.',
  pendingRevision: 'An edit waits for review',
  contactByEmail: 'Email {name}',
  // Questions
  questions: 'Questions',
  practices: 'Practices',
  experts: 'Experts',
  myQuestions: 'My questions',
  openQuestions: 'Open in my communities',
  // My profile
  myProfile: 'My profile',
  myTopics: 'Topics I know about',
  noTopics: 'No topics yet.',
  addTopic: 'Add a topic',
  add: 'Add',
  hideMe: 'Hide me from expert lookup and routing',
  evidenceHeading: 'What the ranking sees',
  evidenceCounts:
    '{practices} published practices, {answers} accepted answers, {endorsements} endorsements',
  myLoad: 'Open questions routed to me: {count}',
  profileSaved: 'Saved.',
  routedQuestions: 'Questions for you',
  noQuestions: 'No questions here.',
  answersCount: '{count} answers',
  newAnswers: '{count} new answers',
  qstatus_open: 'Open',
  qstatus_answered: 'Answered',
  qstatus_closed: 'Closed',
  showAnswers: 'Show answers',
  hideAnswers: 'Hide answers',
  yourAnswer: 'Your answer',
  postAnswer: 'Post answer',
  answerPosted: 'Answer posted.',
  acceptAnswer: 'Accept answer',
  promoteAnswer: 'Turn into a practice',
  promoted: 'Saved as a practice by the person who answered; it waits for review.',
  mayAnswer: 'This may already answer it',
  similarPractice: 'Practice',
  similarQuestion: 'Answered question',
  accepted: 'Accepted',
  noAnswers: 'No answers yet.',
  askedFrom: 'Asked from {title}',
  // Sync
  syncState: 'Sync state',
  sync_synced: 'Synced',
  sync_pending: '{count} waiting to sync',
  sync_offline: 'Offline: {count} waiting',
  sync_error: 'Sync problem',
  sync_signedOut: 'Not connected',
  sync_outdated: 'Out of date',
  outdatedNotice: 'This page is out of date — reload',
  reload: 'Reload',
  syncNow: 'Sync now',
  // Connect
  connectHeading: 'Connect to your community store',
  storeUrl: 'Store URL',
  storeUrlManaged: 'Set by your organisation',
  email: 'Email',
  password: 'Password',
  connect: 'Connect',
  connecting: 'Connecting…',
  connectedAs: 'Connected as {name}',
  signInWithOrganisation: 'Sign in with your organisation',
  orPassword: 'Or sign in with a password',
  signOut: 'Sign out',
  orToken: 'Or paste an API token',
  apiToken: 'API token',
  useToken: 'Use token',
  storeUrlInvalid: 'Enter the store address, e.g. https://cop.example.org',
  credentialsRequired: 'Enter your email and password.',
  permissionDenied: 'The extension needs permission to reach {origin}. Try again and allow it.',
  enabledSites: 'Enabled sites',
  enabledSitesHint:
    'On these sites the extension shows your communities’ prompts and the practices captured from the page. Elsewhere it does nothing until you use it.',
  noEnabledSites: 'No sites enabled yet.',
  storeSite: 'Your store',
  enableSite: 'Enable a site',
  enable: 'Enable',
  // Prompts and highlights
  promptLabel: 'From your community',
  dismiss: 'Dismiss',
  highlightsHeading: 'Practices captured from this page',
  showInPage: 'Show in page',
  notFoundInPage: 'No longer found on this page',
  // A new selection while a form has unsaved input
  // Someone else's changes not sent yet (options page)
  unsentFrom: '{count} changes from {name} are not sent yet.',
  unsentHint: 'They are sent only when {name} signs in again, never under another account.',
  signInAs: 'Sign in as {name}',
  discardUnsent: 'Discard them',
  discardUnsentConfirm: 'Discard {count} changes from {name} for good? They cannot be recovered.',
  discardConfirmed: 'Discard for good',
  discardHeading: 'Discard the unsaved form?',
  discardMessage: 'What you typed will be lost, and a new form opens for your new selection.',
  discardAndStart: 'Discard and start new',
  keepEditing: 'Keep editing',
  // Errors
  storeUnreachable: 'The store is unreachable. Your work is kept and will be sent later.',
  signInAgain: 'Your sign-in has expired. Open the options page and connect again.',
  somethingWrong: 'Something went wrong: {message}',
  openOptions: 'Open options',
  // The community directory
  communities: 'Communities',
  noCommunityYet: 'You are not in any community yet. Find one whose domain is yours and join it.',
  findCommunity: 'Find a community',
  joinCommunity: 'Join {name}',
  askToJoin: 'Ask to join {name}',
  communityOpen: 'Open: anyone may join.',
  communityClosed: 'Closed: a coordinator approves who joins.',
  communityMembers: '{count} members',
  coordinatedBy: 'Coordinated by {names}',
  youAreMember: 'You are a member.',
  youSponsor: 'You sponsor this community and see its overview.',
  youRequested: 'You asked to join; a coordinator will answer.',
  joinedCommunity: 'You joined {name}.',
  requestedCommunity: 'You asked to join {name}. You will be told when a coordinator answers.',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Catalogs beyond English, by primary language subtag; each lives in its own module. */
const catalogs = new Map<string, Catalog>();

/**
 * Makes a language available to `createTranslator`. The catalogs are separate modules (e.g.
 * ./i18n-de) so a host page's widget bundle carries only English unless the page needs more.
 */
export function addCatalog(language: string, catalog: Catalog): void {
  catalogs.set(language.toLowerCase(), catalog);
}

/** The primary subtag of a BCP 47 tag: `de-AT` → `de`. */
export const languageOf = (locale: string | undefined): string =>
  locale?.toLowerCase().split(/[-_]/)[0] ?? '';

/** Picks the catalog for a BCP 47 tag (`de-AT` → German, once added); anything else is English. */
export function catalogFor(locale: string | undefined): Catalog {
  return catalogs.get(languageOf(locale)) ?? en;
}

/** A translator for `locale`; `{name}` placeholders are filled from `vars`. */
export function createTranslator(locale?: string): Translate {
  const catalog = catalogFor(locale);
  return (key, vars) => {
    const template = catalog[key] ?? en[key] ?? key;
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  };
}

export const I18nContext = createContext<Translate>(createTranslator('en'));

/** The translator the nearest `I18nContext.Provider` chose (English by default). */
export function useT(): Translate {
  return useContext(I18nContext);
}
