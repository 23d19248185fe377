import { ROLES } from '../../src-shared/auth/roles';
import { labelListParams } from '../../src-shared/i18n/catalogues';
import type { RpcError, RpcIssue } from '../../src-shared/rpc/errors';
import { i18n } from './i18n';
import { makeFormatter } from '../format/makeFormatter';

type Params = Record<string, string | number> | undefined;

/** Messages with a richer variant when a param is present (a wrong password says how many tries remain). */
const VARIANTS: Record<string, { param: string; key: string }> = {
  'error.BAD_CREDENTIALS': { param: 'remaining', key: 'error.BAD_CREDENTIALS.remaining' },
};

const isRole = (v: unknown): v is (typeof ROLES)[number] => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

let formatter: { language: string; fmt: ReturnType<typeof makeFormatter> } | null = null;
/** The language's formatter, made once per language (messages are translated by the row). */
function formatterFor(language: string) {
  if (formatter?.language !== language) formatter = { language, fmt: makeFormatter(language) };
  return formatter.fmt;
}

/**
 * Params that are ids of translatable things (a role, a list of catalogue keys) are shown by name,
 * not by id; a count as the screens show numbers (`12,000`, the language's formatter), not raw.
 * Codes and years come as text and stay as they are.
 */
function localiseParams(params: Params): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const fmt = formatterFor(i18n.language);
  for (const [k, v] of Object.entries(params ?? {})) out[k] = isRole(v) ? i18n.t(`role.${v}`) : typeof v === 'number' && Number.isInteger(v) ? fmt.number(v) : v;
  return labelListParams(out, (key) => i18n.t(key));
}

/**
 * A catalogue key from the server (an error or issue message) in the current language. An
 * unknown key (a newer main process) falls back to the generic message for its code rather
 * than showing the key. Callers re-render on language change through useTranslation.
 */
export function translateMessage(key: string, params?: Params, fallback = 'error.INTERNAL'): string {
  const variant = VARIANTS[key];
  const chosen = variant && params && params[variant.param] !== undefined ? variant.key : key;
  const known = i18n.exists(chosen) ? chosen : i18n.exists(key) ? key : fallback;
  return i18n.t(known, localiseParams(params));
}

export function translateError(e: RpcError): string {
  return translateMessage(e.message, e.params, `error.${e.code}`);
}

export function translateIssue(issue: RpcIssue): string {
  return translateMessage(issue.message, issue.params, 'validation.custom');
}
