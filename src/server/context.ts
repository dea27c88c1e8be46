/** What every handler and service receives: storage, settings, the change bus and the logger, wired once in app.ts. */
import type { Kysely, Transaction } from 'kysely';
import type { User } from '../core/types';
import type { Config } from './config';
import type { ChangeBus } from './domain/events';
import type { Logger } from './log';
import type { Storage } from './storage/database';
import type { Database } from './storage/schema';

export interface StoreContext {
  storage: Storage;
  config: Config;
  bus: ChangeBus;
  log: Logger;
}

export type Db = Kysely<Database> | Transaction<Database>;

/** Who is calling: a signed-in user (API token or embed token) or nobody. */
export type Principal =
  | {
      kind: 'user';
      user: User;
      via: 'token' | 'embed';
      /** The API token used, if any. */
      tokenId?: string;
      /** Communities an embed token's issuer says this person belongs to (its `communities` claim). */
      embedCommunities?: string[];
      /** When the embed token stops being valid (ms since the epoch). */
      expiresAt?: number;
      /** The page origins an embed token is bound to (its `origins` claim); any request's Origin must be one. */
      embedOrigins?: string[];
      /** A demo token: it acts in the demo communities (its `communities` claim) and nowhere else. */
      demo?: boolean;
    }
  | { kind: 'anonymous' };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export const nowIso = () => new Date().toISOString();
