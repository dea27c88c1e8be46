/** The console's one connection to the store that serves it, and where its token is kept. */
import { type ConsoleApi, createConsoleApi } from './api';

const TOKEN_KEY = 'cop-console-token';

export const tokenStore = {
  read(storage: Storage = localStorage): string | null {
    try {
      return storage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  write(token: string, storage: Storage = localStorage) {
    storage.setItem(TOKEN_KEY, token);
  },
  clear(storage: Storage = localStorage) {
    storage.removeItem(TOKEN_KEY);
  },
};

export const api: ConsoleApi = createConsoleApi(location.origin, () => tokenStore.read());
