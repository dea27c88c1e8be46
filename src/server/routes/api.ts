/** Every route module of `/api/v1`, in one list: app.ts mounts them, tests read their declared answers. */
import { accountRoutes } from './accounts';
import { communityRoutes } from './communities';
import { consoleRoutes } from './console';
import { curationRoutes } from './curation';
import { digestRoutes } from './digest';
import { expertRoutes } from './experts';
import { healthRoutes } from './health';
import { joiningRoutes } from './joining';
import { practiceRoutes } from './practices';
import { questionLoopRoutes } from './question-loop';
import { questionRoutes } from './questions';
import { ssoRoutes } from './sso';
import { stewardshipRoutes } from './stewardship';
import { syncRoutes } from './sync';
import { webhookRoutes } from './webhooks';

export const API_ROUTES = [
  healthRoutes,
  accountRoutes,
  communityRoutes,
  joiningRoutes,
  syncRoutes,
  practiceRoutes,
  questionRoutes,
  questionLoopRoutes,
  expertRoutes,
  curationRoutes,
  consoleRoutes,
  webhookRoutes,
  ssoRoutes,
  stewardshipRoutes,
  digestRoutes,
];
