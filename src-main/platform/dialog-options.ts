/**
 * Pure helpers for the native file dialogs (platform.electron.ts): the renderer supplies the
 * suggested name and extensions, so both are reduced to what a dialog needs and no more.
 */

/**
 * A bare file name: the renderer may suggest a name, never a folder. Separators, `..`,
 * control characters and Windows' reserved characters go; an empty result falls back.
 */
export function safeSuggestedName(name: string, fallback = 'export'): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim().slice(0, 120);
  return cleaned === '' ? fallback : cleaned;
}

export function dialogFilters(extensions: string[]): { name: string; extensions: string[] }[] {
  const exts = extensions.filter((e) => /^[a-z0-9]{1,8}$/.test(e));
  return exts.length ? [{ name: exts.map((e) => `*.${e}`).join(', '), extensions: exts }] : [];
}
