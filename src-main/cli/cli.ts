import { parseArgs } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { newDbKey } from '../db/open';
import { dispatch } from '../ipc/dispatch';
import { CliError, CliPartial, dbOption, fromRpcError, intOption, keyOf, openExisting, required, withSession, type Command, type Parsed } from './cli-lib';
import { importCommand } from '../imports/import.command';
import { exportCommand } from '../exports/export.command';
import { bundleCommand, enrollCommand } from '../sync/bundle.command';

/**
 * BrokerDesk's command line, for operators' automation and for tests:
 *
 *   npm run cli -- <command> [options]
 *
 * Prints one JSON value on stdout. On failure prints `{ "error": { code, message, key?,
 * params?, issues? } }` on stderr (message in English from the catalogue) and exits non-zero:
 * 2 for a usage error, 1 for anything else. Business calls go through the same `dispatch` as
 * the app, so scripts get the same validation, permissions and audit trail.
 *
 * Secrets come from the environment where possible (BD_DB_KEY, BD_PASSWORD): command-line
 * arguments are visible to every user of the machine in the process list.
 *
 * A module adds its commands (import, export, bundle …) as entries of COMMANDS below, each in
 * its own `<feature>.command.ts` built on cli-lib.ts.
 */

// ------------------------------------------------------------------------------------------
// Commands.

const demo: Command = {
  summary: 'create a demo database with generated customers and one login per role',
  usage: 'demo --db FILE --customers N [--key HEX64] [--seed S]   (key also from BD_DB_KEY; else a new key is written to FILE.key)',
  options: { ...dbOption, customers: { type: 'string' }, seed: { type: 'string' } },
  async run(args) {
    const file = resolve(required(args, 'db'));
    const customers = intOption(args, 'customers', 0, 10_000_000) ?? 3000;
    const seed = intOption(args, 'seed', 0, 2 ** 32 - 1);
    const given = keyOf(args, true);
    if (existsSync(file)) throw new CliError('FILE_EXISTS', `${file} exists: the demo command never overwrites a database`);
    const keyFile = given ? null : `${file}.key`;
    if (keyFile && existsSync(keyFile)) throw new CliError('FILE_EXISTS', `${keyFile} exists: refusing to replace a key file`);
    // Loaded here: the generator and its pools are not needed by the other commands.
    const { generateDemo } = await import('../demo/generate');
    const { writeKeyFile } = await import('../demo/demo-files');
    const key = given ?? newDbKey();
    if (keyFile) writeKeyFile(keyFile, key);
    let info: Awaited<ReturnType<typeof generateDemo>>;
    try {
      info = await generateDemo({ file, key, customers, ...(seed === undefined ? {} : { seed }) });
    } catch (e) {
      // No database, so no key to keep: a rerun must not trip over an orphaned key file.
      if (keyFile) rmSync(keyFile, { force: true });
      throw e;
    }
    const perRole = new Map<string, (typeof info.logins)[number]>();
    for (const l of info.logins) if (!perRole.has(l.role)) perRole.set(l.role, l);
    return {
      file,
      keyFile,
      password: info.password,
      logins: [...perRole.values()],
      allLogins: info.logins.map((l) => l.login),
      counts: { customers: info.customers, users: info.logins.length, branches: new Set(info.logins.map((l) => l.branchCode)).size - 1 },
      seconds: Math.round(info.seconds * 100) / 100,
    };
  },
};

const migrate: Command = {
  summary: 'bring a database to the latest schema',
  usage: 'migrate --db FILE   (key from BD_DB_KEY or --key)',
  options: { ...dbOption },
  async run(args) {
    const file = resolve(required(args, 'db'));
    const db = openExisting(file, keyOf(args));
    try {
      return { version: db.sqlite.pragma('user_version', { simple: true }) as number };
    } finally {
      db.close();
    }
  },
};

const rpc: Command = {
  summary: 'sign in and call one RPC method through the dispatcher',
  usage: "rpc <method> '<json input>' --db FILE --user LOGIN   (password from BD_PASSWORD, key from BD_DB_KEY)",
  options: { ...dbOption, user: { type: 'string' } },
  async run(args) {
    const [method, json = '{}', ...rest] = args.positionals;
    if (!method || rest.length > 0) throw new CliError('USAGE', 'give the method and, optionally, one JSON input', { exitCode: 2 });
    let input: unknown;
    try {
      input = JSON.parse(json);
    } catch {
      throw new CliError('BAD_JSON', 'the input is not valid JSON', { exitCode: 2 });
    }
    return withSession(args, async (app, clientId) => {
      const r = await dispatch(app, clientId, method, input);
      if (!r.ok) throw fromRpcError(r.error);
      return r.value;
    });
  },
};

export const COMMANDS: Record<string, Command> = { demo, migrate, rpc, import: importCommand, export: exportCommand, bundle: bundleCommand, enroll: enrollCommand };

function helpText(): string {
  return ['usage: npm run cli -- <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}\n           ${c.usage}`)].join('\n');
}

// ------------------------------------------------------------------------------------------

/** Run one command line; returns the exit code. Output goes to the given writers (tests may capture). */
export async function runCli(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      out(`${JSON.stringify({ commands: Object.fromEntries(Object.entries(COMMANDS).map(([n, c]) => [n, { summary: c.summary, usage: c.usage }])) }, null, 2)}\n`);
      return name ? 0 : 2;
    }
    const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!cmd) throw new CliError('USAGE', `unknown command ${name}\n${helpText()}`, { exitCode: 2 });
    let parsed: Parsed;
    try {
      const p = parseArgs({ args: rest, options: cmd.options, allowPositionals: true, strict: true });
      parsed = { values: p.values as Parsed['values'], positionals: p.positionals };
    } catch (e) {
      throw new CliError('USAGE', `${e instanceof Error ? e.message : 'bad arguments'}; usage: ${cmd.usage}`, { exitCode: 2 });
    }
    const value = await cmd.run(parsed);
    const partial = value instanceof CliPartial ? value : null;
    out(`${JSON.stringify((partial ? partial.value : value) ?? null, null, 2)}\n`);
    return partial ? partial.exitCode : 0;
  } catch (e) {
    const ce = e instanceof CliError ? e : new CliError('INTERNAL', e instanceof Error ? e.message : 'unexpected failure');
    const { exitCode, ...extra } = ce.extra;
    err(`${JSON.stringify({ error: { code: ce.code, message: ce.message, ...extra } })}\n`);
    return exitCode ?? 1;
  }
}

const isMain = process.argv[1] !== undefined && /[\\/]cli\.(ts|js|mjs|cjs)$/.test(process.argv[1]);
if (isMain) {
  runCli(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 1;
    },
  );
}
