/**
 * Seeds a demo community into an empty store so a new user sees CoP Kit working at once (see demoSetting in
 * config.ts for when the demo is on). The demo people's password is made for this store, never a constant.
 */
import { randomBytes } from 'node:crypto';
import type { StoreContext, UserPrincipal } from '../context';
import { transact } from '../domain/changes';
import { createCommunity, setExpertise, setMembership } from '../domain/communities';
import { createPractice, endorsePractice, reviewPractice } from '../domain/practices';
import { savePromptRule } from '../domain/prompts';
import { acceptAnswer, createAnswer, createQuestion } from '../domain/questions';
import { createUser, userFromRow } from '../domain/users';

export const DEMO_COMMUNITY = 'support-engineering';

const PEOPLE = [
  {
    email: 'ada@demo.example',
    name: 'Ada Lovelace',
    role: 'coordinator',
    topics: ['incident-response', 'postgres'],
  },
  {
    email: 'grace@demo.example',
    name: 'Grace Hopper',
    role: 'member',
    topics: ['kubernetes', 'on-call'],
  },
  {
    email: 'linus@demo.example',
    name: 'Linus Park',
    role: 'member',
    topics: ['customer-escalations'],
  },
  { email: 'mae@demo.example', name: 'Mae Jemison', role: 'member', topics: [] },
] as const;

const PRACTICES = [
  {
    by: 1,
    title: 'Drain a Kubernetes node before patching',
    body: 'Cordon the node, drain it with --ignore-daemonsets, patch, then uncordon. Check PodDisruptionBudgets first or the drain hangs.',
    kind: 'method',
    tags: ['kubernetes', 'maintenance'],
    quote: 'kubectl drain blocks when a PodDisruptionBudget allows zero disruptions',
  },
  {
    by: 0,
    title: 'First five minutes of an incident',
    body: 'Open the incident channel, name an incident lead, post the customer-facing status within five minutes, then start the timeline.',
    kind: 'method',
    tags: ['incident-response', 'on-call'],
  },
  {
    by: 0,
    title: 'Slow queries after a Postgres major upgrade',
    body: 'After pg_upgrade the planner has no statistics. Run ANALYZE on every database before reopening traffic.',
    kind: 'lesson',
    tags: ['postgres', 'upgrades'],
  },
  {
    by: 2,
    title: 'Escalating to engineering without losing the customer',
    body: 'Summarise impact, steps to reproduce and what was tried. Promise the next update time, not the fix time.',
    kind: 'story',
    tags: ['customer-escalations'],
  },
] as const;

/**
 * Seeds the demo into an empty store and returns the demo people's password (COP_DEMO_PASSWORD, or one made
 * now), to be shown once; returns undefined when the store already had communities.
 */
export async function seedDemo(ctx: StoreContext): Promise<string | undefined> {
  const { db } = ctx.storage;
  if (await db.selectFrom('communities').select('id').limit(1).executeTakeFirst()) return undefined;
  const password = ctx.config.demoPassword ?? randomBytes(12).toString('base64url');
  const adminRow = await db
    .selectFrom('users')
    .selectAll()
    .where('is_admin', '=', 1)
    .executeTakeFirstOrThrow();
  const admin: UserPrincipal = { kind: 'user', user: userFromRow(adminRow), via: 'token' };
  await transact(ctx, async (trx) => {
    await createCommunity(trx, {
      slug: DEMO_COMMUNITY,
      name: 'Support engineering',
      domain:
        'Keeping customers’ systems healthy: incidents, escalations, upgrades and the tools we use.',
      anonymousRead: true,
    });
    const people: UserPrincipal[] = [];
    for (const person of PEOPLE) {
      const user = await createUser(trx, {
        email: person.email,
        name: person.name,
        password,
      });
      await setMembership(trx, admin, DEMO_COMMUNITY, user.id, person.role);
      const principal: UserPrincipal = { kind: 'user', user, via: 'token' };
      if (person.topics.length)
        await setExpertise(trx, principal, {
          community: DEMO_COMMUNITY,
          topics: [...person.topics],
          hidden: false,
        });
      people.push(principal);
    }
    const ids: string[] = [];
    for (const [i, p] of PRACTICES.entries()) {
      const id = `demo-practice-${i + 1}`;
      ids.push(id);
      await createPractice(trx, people[p.by]!, {
        id,
        community: DEMO_COMMUNITY,
        title: p.title,
        body: p.body,
        kind: p.kind,
        tags: [...p.tags],
        source:
          'quote' in p
            ? {
                url: 'https://wiki.example.com/runbooks/node-patching',
                title: 'Node patching runbook',
                quote: { exact: p.quote, prefix: '', suffix: '' },
              }
            : undefined,
      });
      if (i < 3)
        await reviewPractice(trx, people[0]!, id, {
          action: i === 1 ? 'feature' : 'publish',
          baseVersion: 1,
        });
    }
    await endorsePractice(trx, people[3]!, { practiceId: ids[0]!, endorse: true });
    await endorsePractice(trx, people[2]!, { practiceId: ids[1]!, endorse: true });
    const question = await createQuestion(trx, people[3]!, {
      id: 'demo-question-1',
      community: DEMO_COMMUNITY,
      title: 'How do we roll back a failed Kubernetes deployment?',
      body: 'The new release crash-loops on two pods. What is our usual way back?',
      tags: ['kubernetes'],
      context: {
        url: 'https://tickets.example.com/browse/OPS-1234',
        title: 'OPS-1234 Deployment failing',
      },
    });
    await createAnswer(trx, people[1]!, {
      id: 'demo-answer-1',
      questionId: question.id,
      body: 'Run `kubectl rollout undo deployment/<name>`, then check the events of the failing pods.',
    });
    await acceptAnswer(trx, people[3]!, { questionId: question.id, answerId: 'demo-answer-1' });
    await createQuestion(trx, people[2]!, {
      id: 'demo-question-2',
      community: DEMO_COMMUNITY,
      title: 'Who knows how our Postgres failover is tested?',
      body: '',
      tags: ['postgres'],
    });
    await savePromptRule(trx, people[0]!, {
      community: DEMO_COMMUNITY,
      urlPatterns: ['*://tickets.example.com/*'],
      keywords: ['incident', 'outage'],
      message: 'Working an incident? The support community has runbooks — or ask them.',
      enabled: true,
    });
  });
  ctx.log.info('seeded the demo community', {
    community: DEMO_COMMUNITY,
    people: PEOPLE.map((p) => p.email),
  });
  return password;
}
