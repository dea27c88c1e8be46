/** `npm start`: runs the store until SIGINT or SIGTERM, then shuts down gracefully. */
import { readConfig } from './config';
import { createLogger } from './log';
import { startStore } from './store';

const config = readConfig();
const log = createLogger(config.logLevel);

try {
  const store = await startStore(config, log);
  const { url } = store;
  log.info('store started', {
    storage: store.ctx.storage.dialect,
    dataDir: store.ctx.storage.dialect === 'sqlite' ? config.dataDir : undefined,
  });
  const lines = [
    '',
    `  CoP Kit store is running (${store.ctx.storage.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`,
    '',
    `  API            ${url}/api/v1`,
    `  API reference  ${url}/api   (machine-readable: ${url}/openapi.json)`,
    `  Console        ${url}/console`,
    `  Demo page      ${url}/demo`,
    `  Widget script  ${url}/widgets/cop-widgets.js`,
    ...(store.generatedAdminToken
      ? ['', `  Admin token (shown once; keep it safe): ${store.generatedAdminToken}`]
      : []),
    '',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
  const stop = async (signal: string) => {
    log.info('shutting down', { signal });
    await store.close();
    log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  log.error('store failed to start', { error: String(error) });
  process.stderr.write(`\nThe store could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
