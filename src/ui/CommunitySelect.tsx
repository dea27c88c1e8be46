/** The Community field of the capture and ask forms: a labelled select over the person's communities. */
import type { Community } from '../core/types';
import { useT } from './i18n';

export type CommunityOption = Pick<Community, 'slug' | 'name'>;

interface Props {
  id: string;
  communities: CommunityOption[];
  value: string;
  onChange: (slug: string) => void;
  error?: string;
}

export function CommunitySelect({ id, communities, value, onChange, error }: Props) {
  const t = useT();
  return (
    <div class="cop-field">
      <label for={id}>{t('community')}</label>
      <select
        id={id}
        name="community"
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {communities.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
      {error && (
        <span id={`${id}-error`} class="cop-error">
          {error}
        </span>
      )}
    </div>
  );
}
