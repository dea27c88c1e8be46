import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { QueueItem } from './console-responses';
import type { ENTITY_NAMES } from './entities';
import {
  type AnswerView,
  type CommunityView,
  type ConflictRecord,
  type ExpertHitView,
  type MembershipView,
  PracticeView,
  type PromptRuleView,
  type PullAnswer,
  type PushAnswer,
  type QuestionView,
  type UserView,
} from './responses';
import type {
  Answer,
  Community,
  Conflict,
  EntityName,
  ExpertHit,
  Membership,
  Practice,
  PromptRule,
  PullResponse,
  PushResponse,
  Question,
  User,
} from './types';

describe('answer schemas', () => {
  it('describe the same entities as the plain types every client uses (checked by tsc)', () => {
    expectTypeOf<z.infer<typeof PracticeView>>().toEqualTypeOf<Practice>();
    expectTypeOf<z.infer<typeof QuestionView>>().toEqualTypeOf<Question>();
    expectTypeOf<z.infer<typeof AnswerView>>().toEqualTypeOf<Answer>();
    expectTypeOf<z.infer<typeof CommunityView>>().toEqualTypeOf<Community>();
    expectTypeOf<z.infer<typeof MembershipView>>().toEqualTypeOf<Membership>();
    expectTypeOf<z.infer<typeof UserView>>().toEqualTypeOf<User>();
    expectTypeOf<z.infer<typeof PromptRuleView>>().toEqualTypeOf<PromptRule>();
    expectTypeOf<z.infer<typeof ConflictRecord>>().toEqualTypeOf<Conflict>();
    expectTypeOf<z.infer<typeof ExpertHitView>>().toEqualTypeOf<ExpertHit>();
    expectTypeOf<(typeof ENTITY_NAMES)[number]>().toEqualTypeOf<EntityName>();
    expectTypeOf<z.infer<typeof PushAnswer>>().toEqualTypeOf<PushResponse>();
    // A tombstone's entity is one union here and a union of objects there: the same set of values.
    expectTypeOf<z.infer<typeof PullAnswer>>().toExtend<PullResponse>();
    expectTypeOf<PullResponse>().toExtend<z.infer<typeof PullAnswer>>();
  });

  const practice: Practice = {
    id: 'p-00000001',
    community: 'support',
    title: 'Restart the pump',
    body: '',
    kind: 'method',
    tags: ['pumps'],
    source: null,
    status: 'captured',
    featured: false,
    version: 1,
    author: 'u1',
    authorName: 'Ada',
    endorsements: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    owner: 'u1',
    verifiedAt: null,
    reviewDueAt: '2026-04-01T00:00:00.000Z',
    due: false,
    helpedCount: 0,
  };

  it('accept a queue item and refuse one without its similar practices', () => {
    expect(QueueItem.safeParse({ ...practice, similar: [] }).success).toBe(true);
    expect(QueueItem.safeParse(practice).success).toBe(false);
  });

  it('refuse a practice whose status is not one of the life cycle', () => {
    expect(PracticeView.safeParse({ ...practice, status: 'draft' }).success).toBe(false);
  });
});
