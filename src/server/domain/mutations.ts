/** The mutation table: each name validates its args with the shared schema and calls its domain service. */
import type { z } from 'zod';
import { MutationArgs, type MutationName } from '../../core/schemas';
import type { Db, Principal } from '../context';
import { setExpertise } from './communities';
import { badRequest, describeIssues } from './errors';
import { createPractice, endorsePractice, updatePractice } from './practices';
import { acceptAnswer, createAnswer, createQuestion } from './questions';

export type MutationOutcome =
  | { status: 'applied' }
  | { status: 'conflict'; conflictId: string; message: string };

type Handlers = {
  [N in MutationName]: (
    db: Db,
    principal: Principal,
    args: z.output<(typeof MutationArgs)[N]>,
  ) => Promise<MutationOutcome>;
};

const applied = { status: 'applied' } as const;
const done = async (work: Promise<unknown>): Promise<MutationOutcome> => {
  await work;
  return applied;
};

const HANDLERS: Handlers = {
  createPractice: (db, p, args) => done(createPractice(db, p, args)),
  updatePractice: async (db, p, args) => {
    const outcome = await updatePractice(db, p, args);
    return outcome.status === 'applied' ? applied : outcome;
  },
  createQuestion: (db, p, args) => done(createQuestion(db, p, args)),
  createAnswer: (db, p, args) => done(createAnswer(db, p, args)),
  acceptAnswer: (db, p, args) => done(acceptAnswer(db, p, args)),
  endorsePractice: (db, p, args) => done(endorsePractice(db, p, args)),
  setExpertise: (db, p, args) => done(setExpertise(db, p, args)),
};

/** Validates and applies one mutation; a validation or permission problem throws a DomainError. */
export async function applyMutation(
  db: Db,
  principal: Principal,
  name: MutationName,
  rawArgs: unknown,
): Promise<MutationOutcome> {
  const parsed = MutationArgs[name].safeParse(rawArgs);
  if (!parsed.success)
    throw badRequest('invalid_args', `${name}: ${describeIssues(parsed.error.issues)}`);
  const handler = HANDLERS[name] as (
    db: Db,
    p: Principal,
    args: unknown,
  ) => Promise<MutationOutcome>;
  return handler(db, principal, parsed.data);
}
