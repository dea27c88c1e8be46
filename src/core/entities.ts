/** The kinds of entity the changes feed carries, as a list to loop over at run time (`types.ts` has only types). */
import type { EntityName } from './types';

export const ENTITY_NAMES = [
  'community',
  'membership',
  'practice',
  'question',
  'answer',
  'endorsement',
  'prompt',
  'conflict',
] as const satisfies readonly EntityName[];
