/** "This helped" from the console: coordinators are readers too, except of what they wrote themselves. */
import type { HelpedHow } from '../../core/stewardship';
import type { Practice } from '../../core/types';
import { api } from '../connection';
import type { Session } from '../session';

/** The card's `onHelped` for this person: none on their own practices (the store refuses those). */
export function helpedFor(session: Session, practice: Practice) {
  if (practice.author === session.user.id) return undefined;
  return async (p: Practice, how?: HelpedHow) => {
    await api.markHelped(p.id, how ? { how } : {});
  };
}
