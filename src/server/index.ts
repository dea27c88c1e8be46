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
    demo: config.demo,
    demoReason: config.demoReason,
    dataDir: store.ctx.storage.dialect === 'sqlite' ? config.dataDir : undefined,
  });
  const lines = [
    '',
    `  CoP Kit store is running (${store.ctx.storage.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})`,
    '',
    `  API            ${url}/api/v1`,
    `  API reference  ${url}/api   (machine-readable: ${url}/openapi.json)`,
    `  Console        ${url}/console`,
    `  Demo page      ${config.demo ? `${url}/demo` : 'off'}`,
    `  Widget script  ${url}/widgets/cop-widgets.js`,
    '',
    `  Demo is ${config.demo ? 'ON' : 'OFF'}: ${config.demoReason}${config.demo ? ' (COP_DEMO=0 turns it off)' : ' (COP_DEMO=1 turns it on)'}.`,
    ...(store.generatedAdminToken
      ? ['', `  Admin token (shown once; keep it safe): ${store.generatedAdminToken}`]
      : []),
    ...(store.generatedDemoPassword
      ? [
          '',
          `  Demo sign-in (shown once): ada@demo.example (coordinator), grace@demo.example, linus@demo.example`,
          `  or mae@demo.example, password ${store.generatedDemoPassword}`,
        ]
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
