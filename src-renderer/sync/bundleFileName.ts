import { BUNDLE_EXTENSION } from '../../src-shared/sync/bundles.contract';

const pad = (n: number) => String(n).padStart(2, '0');

/** The name a bundle is offered under, as the shared folder names them: `BD_<from>_to_<to>_<yyyyMMdd-HHmm>.bdsync`. */
export function bundleFileName(fromCode: string, toCode: string, now = new Date()): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  const safe = (s: string) => s.replace(/[^0-9A-Za-z_-]/g, '') || 'node';
  return `BD_${safe(fromCode)}_to_${safe(toCode)}_${stamp}.${BUNDLE_EXTENSION}`;
}
