// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { byLabel, choose, renderUi } from '../../ui/testing';
import { RoleSelect } from './form';

it('offers the sponsor role beside member and coordinator, and hands the choice on', async () => {
  const onChange = vi.fn();
  const root = renderUi(<RoleSelect id="role" label="Role" value="member" onChange={onChange} />);
  const select = byLabel<HTMLSelectElement>(root, 'Role');
  expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
    ['member', 'member'],
    ['coordinator', 'coordinator'],
    ['sponsor', 'sponsor (overview only)'],
  ]);
  await choose(select, 'sponsor');
  expect(onChange).toHaveBeenCalledWith('sponsor');
});
