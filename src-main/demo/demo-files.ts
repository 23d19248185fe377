import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDbKey, newDbKey } from '../db/open';
import { writeFileAtomic } from '../lib/atomic-write';
import { generateDemo, type DemoInfo } from './generate';

export const DEMO_DB_NAME = 'brokerdesk-demo.db';
export const DEMO_KEY_NAME = 'brokerdesk-demo.key';
export const DEMO_LOGINS_NAME = 'DEMO-LOGINS.txt';

/**
 * The key file of a demo database: comment lines first, so nobody mistakes it for a way to
 * protect real data, then the 64-hex key on its own line.
 */
export function demoKeyFileText(key: string): string {
  return [
    '# BrokerDesk DEMO database key.',
    '# This key protects the generated demo database only. It is stored here in plain text,',
    '# so it must NEVER be used to protect real customer data: a real database keeps its key',
    '# in the operating system keychain.',
    key.toLowerCase(),
    '',
  ].join('\n');
}

/** The key in a key file: the first line that is not a comment or blank. */
export function readKeyFile(file: string): string {
  const line = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !l.startsWith('#'));
  if (!line || !isDbKey(line)) throw new Error(`${file} holds no 64-hex-character key`);
  return line.toLowerCase();
}

export function writeKeyFile(file: string, key: string): void {
  writeFileAtomic(file, demoKeyFileText(key), 0o600);
}

export function demoLoginsText(info: DemoInfo): string {
  const rows = info.logins.map((l) => `  ${l.login.padEnd(16)} ${l.role.padEnd(18)} ${l.branchCode.padEnd(6)} ${l.branchName}  ${l.displayName}`);
  return [
    'BrokerDesk demo sign-ins (generated data; the people and customers are fictitious)',
    '',
    `Password for every account: ${info.password}`,
    '',
    ...rows,
    '',
    `Customers: ${info.customers}`,
    '',
  ].join('\n');
}

/**
 * The demo database in `dir`: created with its key file and sign-in sheet the first time,
 * reused afterwards. The key file is written first; the database appears under its name only
 * once complete (generateDemo renames it into place), so an interrupted creation just reruns.
 */
export async function ensureDemoDatabase(
  dir: string,
  customers = 3000,
): Promise<{ file: string; key: string; created: boolean; info: DemoInfo | null }> {
  const file = join(dir, DEMO_DB_NAME);
  const keyFile = join(dir, DEMO_KEY_NAME);
  if (existsSync(file)) return { file, key: readKeyFile(keyFile), created: false, info: null };
  mkdirSync(dir, { recursive: true });
  const key = newDbKey();
  writeKeyFile(keyFile, key);
  const info = await generateDemo({ file, key, customers });
  writeFileAtomic(join(dir, DEMO_LOGINS_NAME), demoLoginsText(info), 0o600);
  return { file, key, created: true, info };
}
