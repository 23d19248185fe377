import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { DbOpenError, isDbKey, newDbKey, openDatabase, type Db } from '../db/open';
import { createAppContext } from '../ipc/context';
import { dispatch } from '../ipc/dispatch';
import type { RpcError, RpcIssue } from '../../src-shared/rpc/errors';
import { en } from '../../src-shared/i18n/en';

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
 * A module adds its commands (import, export, bundle …) as entries of COMMANDS below.
 */

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

export type Command = {
  summary: string;
  usage: string;
  options: Options;
  run(args: Parsed): Promise<unknown>;
};

/** An error the CLI reports as JSON: its own codes, or a dispatcher's RpcError passed through. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { key?: string; params?: Record<string, string | number>; issues?: RpcIssue[]; exitCode?: number } = {},
  ) {
    super(message);
  }
}

const catalogue = en as Record<string, string>;

/** English text for a catalogue key, with i18next-style `{{param}}` filled in; the key itself if unknown. */
export function englishText(key: string, params?: Record<string, string | number>): string {
  const text = catalogue[key] ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m));
}

function fromRpcError(e: RpcError): CliError {
  const issues = e.issues?.map((i) => ({ ...i, text: englishText(i.message, i.params) }));
  return new CliError(e.code, englishText(e.message, e.params), {
    key: e.message,
    ...(e.params ? { params: e.params } : {}),
    ...(issues ? { issues } : {}),
  });
}

// ------------------------------------------------------------------------------------------
// Shared option handling.

function str(args: Parsed, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

function required(args: Parsed, name: string): string {
  const v = str(args, name);
  if (v === undefined || v === '') throw new CliError('USAGE', `--${name} is required`, { exitCode: 2 });
  return v;
}

/** The database key: --key, else BD_DB_KEY. Checked before any file is touched. */
function keyOf(args: Parsed, optional: true): string | null;
function keyOf(args: Parsed, optional?: false): string;
function keyOf(args: Parsed, optional = false): string | null {
  const k = str(args, 'key') ?? process.env.BD_DB_KEY;
  if (k === undefined || k === '') {
    if (optional) return null;
    throw new CliError('BAD_KEY', 'a database key is required: set BD_DB_KEY (or give --key) to 64 hex characters', { exitCode: 2 });
  }
  if (!isDbKey(k)) throw new CliError('BAD_KEY', 'the database key must be 64 hex characters (32 bytes)', { exitCode: 2 });
  return k.toLowerCase();
}

function intOption(args: Parsed, name: string, min: number, max: number): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError('USAGE', `--${name} must be a whole number from ${min} to ${max}`, { exitCode: 2 });
  return n;
}

/** Open an existing database (migrating it, as the app does on start). Never creates one by a typo. */
function openExisting(file: string, key: string): Db {
  if (!existsSync(file)) throw new CliError('NO_DATABASE', `no database at ${file}`);
  try {
    return openDatabase({ file, key });
  } catch (e) {
    if (e instanceof DbOpenError) throw new CliError('DB_OPEN', e.message, { params: { reason: e.reason } });
    throw e;
  }
}

const dbOption = { db: { type: 'string' }, key: { type: 'string' } } satisfies Options;

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
    const file = resolve(required(args, 'db'));
    const login = required(args, 'user');
    const password = process.env.BD_PASSWORD;
    if (!password) throw new CliError('USAGE', 'set BD_PASSWORD to the user’s password', { exitCode: 2 });
    const key = keyOf(args);
    const db = openExisting(file, key);
    try {
      const app = await createAppContext({ db, dbKey: key });
      const clientId = `cli-${uuidv7()}`;
      const signedIn = await dispatch(app, clientId, 'auth.login', { login, password });
      if (!signedIn.ok) throw fromRpcError(signedIn.error);
      try {
        const r = await dispatch(app, clientId, method, input);
        if (!r.ok) throw fromRpcError(r.error);
        // A job the call started runs in this process: let it finish before the database closes.
        await app.jobs.idle();
        return r.value;
      } finally {
        await dispatch(app, clientId, 'auth.logout', {});
      }
    } finally {
      db.close();
    }
  },
};

export const COMMANDS: Record<string, Command> = { demo, migrate, rpc };

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
    out(`${JSON.stringify(value ?? null, null, 2)}\n`);
    return 0;
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
