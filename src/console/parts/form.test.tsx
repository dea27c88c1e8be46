// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { button, byLabel, choose, click, failing, renderUi, settle, type } from '../../ui/testing';
import { AddPersonForm, RoleSelect } from './form';

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

const labels = { email: 'Email', role: 'Role', submit: 'Add member' };

it('adds a person by their trimmed email with the chosen role, then clears the email', async () => {
  const add = vi.fn(async () => {});
  const root = renderUi(
    <AddPersonForm id="add" heading="Add a member" labels={labels} add={add} />,
  );
  await type(byLabel(root, 'Email'), ' ada@example.org ');
  await choose(byLabel<HTMLSelectElement>(root, 'Role'), 'coordinator');
  await click(button(root, 'Add member'));
  await settle();
  expect(add).toHaveBeenCalledWith('ada@example.org', 'coordinator');
  expect(byLabel(root, 'Email').value).toBe('');
});

it('keeps the email and says why when adding fails', async () => {
  const add = failing('No account has the email ada@example.org.');
  const root = renderUi(
    <AddPersonForm id="add" heading="Add a member" labels={labels} add={add} />,
  );
  await type(byLabel(root, 'Email'), 'ada@example.org');
  await click(button(root, 'Add member'));
  await settle();
  expect(root.querySelector('[role="alert"]')?.textContent).toContain('No account has the email');
  expect(byLabel(root, 'Email').value).toBe('ada@example.org');
});
