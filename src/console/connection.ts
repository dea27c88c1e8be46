/** The console's one connection to the store that serves it; its token is kept per tab (token-store.ts). */
import { type ConsoleApi, createConsoleApi } from './api';
import { forgetLegacyToken, tokenStore } from './token-store';

export { tokenStore };

forgetLegacyToken();

export const api: ConsoleApi = createConsoleApi(location.origin, () => tokenStore.read());
