import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, isDbKey, type Db } from '../../src-main/db/open';
import { createAppContext } from '../../src-main/ipc/context';
import { createHost } from './server';

/**
 * CLI entry for the browser test host:
 *   tsx tests/host/serve.ts --db FILE --key HEX64 [--port N] [--static DIR]
 *   tsx tests/host/serve.ts --demo-dir DIR [--port N] [--static DIR]
 * BD_DB and BD_DB_KEY stand in for --db and --key. Prints exactly one `BROKERDESK_URL=<url>`
 * line to stdout (scripts and tests read it), plus the demo sign-ins for a fresh demo.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      key: { type: 'string' },
      port: { type: 'string' },
      static: { type: 'string' },
      'demo-dir': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('usage: tsx tests/host/serve.ts (--db FILE --key HEX64 | --demo-dir DIR) [--port N] [--static DIR]\n');
    return;
  }
  const staticDir = resolve(values.static ?? 'dist-renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`no built renderer in ${staticDir}: run \`npx vite build\` first\n`);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${values.port}`);

  let file: string;
  let key: string;
  let demoLines: string[] = [];
  if (values['demo-dir']) {
    // Loaded only here: the demo generator (and its fake-data library) is not needed for --db.
    const { ensureDemoDatabase } = await import('../../src-main/demo/demo-files');
    const demo = await ensureDemoDatabase(resolve(values['demo-dir']));
    file = demo.file;
    key = demo.key;
    if (demo.created && demo.info) {
      demoLines = [
        `demo password (every account): ${demo.info.password}`,
        ...demo.info.logins.map((l) => `  ${l.login.padEnd(14)} ${l.role.padEnd(18)} ${l.branchName} ${l.displayName}`),
      ];
    }
  } else {
    const dbFile = values.db ?? process.env.BD_DB;
    const dbKey = values.key ?? process.env.BD_DB_KEY;
    if (!dbFile || !dbKey) throw new Error('give --db FILE --key HEX64 (or BD_DB / BD_DB_KEY), or --demo-dir DIR');
    if (!isDbKey(dbKey)) throw new Error('the key must be 64 hex characters');
    file = resolve(dbFile);
    key = dbKey;
  }

  const db: Db = openDatabase({ file, key });
  const app = await createAppContext({ db, dbKey: key });
  const host = await createHost({ app, staticDir, port });
  process.stdout.write(`BROKERDESK_URL=${host.url}\n`);
  for (const l of demoLines) process.stdout.write(`${l}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    host
      .close()
      .catch(() => undefined)
      .finally(() => {
        db.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
