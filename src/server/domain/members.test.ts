import { expect, it } from 'vitest';
import { participationLevel } from './members';

it('counts capturing and answering as contributions: none peripheral, some active, five core', () => {
  expect(participationLevel({ captures: 0, answers: 0 })).toBe('peripheral');
  expect(participationLevel({ captures: 1, answers: 0 })).toBe('active');
  expect(participationLevel({ captures: 0, answers: 4 })).toBe('active');
  expect(participationLevel({ captures: 2, answers: 3 })).toBe('core');
});
