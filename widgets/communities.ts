/** The communities a writing form offers: the person's own, narrowed to the element's `community`. */
import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../src/client/api';
import type { CommunityOption } from '../src/ui/CommunitySelect';
import { useElement } from './element-base';

export interface CommunityChoice {
  /** Undefined while loading. */
  list: CommunityOption[] | undefined;
  error: string;
}

export function useCommunities(community: string): CommunityChoice {
  const { conn } = useElement();
  const [choice, setChoice] = useState<CommunityChoice>({ list: undefined, error: '' });
  useEffect(() => {
    let live = true;
    if (!conn.token) {
      setChoice({ list: [], error: '' });
      return;
    }
    // With a token the store lists exactly the communities the person belongs to.
    conn.communities().then(
      (all) => {
        if (!live) return;
        const list = all
          .filter((c) => !community || c.slug === community)
          .map(({ slug, name }) => ({ slug, name }));
        setChoice({ list, error: '' });
      },
      (error: unknown) =>
        live && setChoice({ list: undefined, error: describeError(error, conn.store) }),
    );
    return () => {
      live = false;
    };
  }, [conn, community]);
  return choice;
}
