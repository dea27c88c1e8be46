/** My profile in the console: the same view as the extension's side panel, over /me/expertise. */
import { MyProfile } from '../../ui/MyProfile';
import { api } from '../connection';
import { DIRECTORY_HREF } from '../router';

const load = () => api.shared.myExpertise();
const save = (update: { topics?: string[]; hidden?: boolean }) => api.shared.setMyExpertise(update);

export function Profile() {
  return (
    <main class="console-main">
      <p>
        <a href="#/">Console</a> · <a href={DIRECTORY_HREF}>Directory</a>
      </p>
      <MyProfile load={load} save={save} />
    </main>
  );
}
