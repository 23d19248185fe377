import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}
const importsOf = (src: string) => [...src.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);

describe('process boundaries (style.md)', () => {
  it('src-shared imports nothing from src-main, src-renderer, or Node/Electron built-ins', () => {
    const bad: string[] = [];
    for (const f of files('src-shared')) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (/src-main|src-renderer|^electron$|^node:|^(fs|path|crypto|os|child_process)$/.test(spec)) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('src-renderer never imports src-main, Node built-ins or electron', () => {
    const bad: string[] = [];
    for (const f of files('src-renderer')) {
      for (const spec of importsOf(readFileSync(f, 'utf8'))) {
        if (/src-main|^electron$|^node:|better-sqlite3|kysely/.test(spec)) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("only main, window, preload, the IPC registration and the platform adapter import 'electron'", () => {
    const allowed = /src-main\/(main\.ts|window\/|preload\/|ipc\/register-electron\.ts|platform\/platform\.electron\.ts)/;
    const bad = files('src-main').filter((f) => importsOf(readFileSync(f, 'utf8')).includes('electron') && !allowed.test(f));
    expect(bad).toEqual([]);
  });
});
