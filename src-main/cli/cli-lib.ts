import { existsSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import type { ParseArgsConfig } from 'node:util';
import { DbOpenError, isDbKey, openDatabase, type Db } from '../db/open';
import { createAppContext, type AppContext } from '../ipc/context';
import { dispatch } from '../ipc/dispatch';
import type { RpcError, RpcIssue } from '../../src-shared/rpc/errors';
import { catalogueText } from '../../src-shared/i18n/catalogues';

/** What every CLI command shares: its type, errors, option parsing, opening a database, signing in. */

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

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

/**
 * A command's result that is not a full success (`bundle export --to all` with a branch refused):
 * printed on stdout like any result, for a script to read, and the process exits `exitCode`.
 */
export class CliPartial {
  constructor(
    readonly value: unknown,
    readonly exitCode = 1,
  ) {}
}

/** English text for a catalogue key, with i18next-style `{{param}}` filled in; the key itself if unknown. */
export function englishText(key: string, params?: Record<string, string | number>): string {
  return catalogueText('en', key, params);
}

export function fromRpcError(e: RpcError): CliError {
  const issues = e.issues?.map((i) => ({ ...i, text: englishText(i.message, i.params) }));
  return new CliError(e.code, englishText(e.message, e.params), {
    key: e.message,
    ...(e.params ? { params: e.params } : {}),
    ...(issues ? { issues } : {}),
  });
}

// ------------------------------------------------------------------------------------------
// Shared option handling.

export function str(args: Parsed, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function required(args: Parsed, name: string): string {
  const v = str(args, name);
  if (v === undefined || v === '') throw new CliError('USAGE', `--${name} is required`, { exitCode: 2 });
  return v;
}

/** The database key: --key, else BD_DB_KEY. Checked before any file is touched. */
export function keyOf(args: Parsed, optional: true): string | null;
export function keyOf(args: Parsed, optional?: false): string;
export function keyOf(args: Parsed, optional = false): string | null {
  const k = str(args, 'key') ?? process.env.BD_DB_KEY;
  if (k === undefined || k === '') {
    if (optional) return null;
    throw new CliError('BAD_KEY', 'a database key is required: set BD_DB_KEY (or give --key) to 64 hex characters', { exitCode: 2 });
  }
  if (!isDbKey(k)) throw new CliError('BAD_KEY', 'the database key must be 64 hex characters (32 bytes)', { exitCode: 2 });
  return k.toLowerCase();
}

export function intOption(args: Parsed, name: string, min: number, max: number): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError('USAGE', `--${name} must be a whole number from ${min} to ${max}`, { exitCode: 2 });
  return n;
}

/** Open an existing database (migrating it, as the app does on start). Never creates one by a typo. */
export function openExisting(file: string, key: string): Db {
  if (!existsSync(file)) throw new CliError('NO_DATABASE', `no database at ${file}`);
  try {
    return openDatabase({ file, key });
  } catch (e) {
    if (e instanceof DbOpenError) throw new CliError('DB_OPEN', e.message, { params: { reason: e.reason } });
    throw e;
  }
}

export const dbOption = { db: { type: 'string' }, key: { type: 'string' } } satisfies Options;


/**
 * Sign in as `login` (password from BD_PASSWORD) on a freshly opened database, run `fn` with the
 * app context and client id, wait for any job the calls started, sign out, close.
 */
export async function withSession<T>(args: Parsed, fn: (app: AppContext, clientId: string) => Promise<T>): Promise<T> {
  const { resolve } = await import('node:path');
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
      const r = await fn(app, clientId);
      // A job the call started runs in this process: let it finish before the database closes.
      await app.jobs.idle();
      return r;
    } finally {
      await dispatch(app, clientId, 'auth.logout', {});
    }
  } finally {
    db.close();
  }
}
