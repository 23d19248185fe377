import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { dispatch } from '../ipc/dispatch';
import type { AppContext } from '../ipc/context';
import { CliError, dbOption, englishText, fromRpcError, intOption, str, withSession, type Command } from '../cli/cli-lib';
import { IMPORT_KINDS, importNewRows, type ImportKind, type ImportRunDto, type InspectResult, type Mapping } from '../../src-shared/imports/imports.contract';
import { headerSignature, templateByName } from './mapping';

/**
 * `cli import <kind> <file> --db F --user LOGIN [--template NAME] [--dry-run] [--valid-only]`
 *
 * For scheduled jobs: the same dispatcher, permissions, scope, jobs and audit as the app.
 * inspect (the named template, else the automatic mapping: a saved template for this header or
 * the synonyms), preview, then apply unless `--dry-run`. Prints JSON counts and the error
 * report's path. A refused file, or an import with errors in the default mode (all rows or
 * none), exits non-zero with the reason; `--valid-only` imports the valid rows.
 */
type Counts = { new: number; updated: number; unchanged: number; rejected: number; dupInFile: number; dupExisting: number };

function countsOf(run: ImportRunDto): Counts {
  const c = run.counts;
  // `new`: every row it creates; `dupExisting`: how many of them share a mobile with an existing customer.
  return { new: c ? importNewRows(c) : 0, updated: c?.update ?? 0, unchanged: c?.unchanged ?? 0, rejected: c?.error ?? 0, dupInFile: c?.dupInFile ?? 0, dupExisting: c?.dupExisting ?? 0 };
}

export const importCommand: Command = {
  summary: 'import a customers/contacts/accounts/trading-data file (.xlsx, .xls, .csv) as a user, through the same checks as the app',
  usage: `import <${IMPORT_KINDS.join('|')}> <file> --db FILE --user LOGIN [--template NAME] [--dry-run] [--valid-only] [--encoding auto|utf8|gb18030] [--sheet NAME] [--header-row N]   (password from BD_PASSWORD, key from BD_DB_KEY)`,
  options: {
    ...dbOption,
    user: { type: 'string' },
    template: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'valid-only': { type: 'boolean' },
    encoding: { type: 'string' },
    sheet: { type: 'string' },
    'header-row': { type: 'string' },
  },
  async run(args) {
    const [kind, fileArg, ...rest] = args.positionals;
    if (!kind || !fileArg || rest.length) throw new CliError('USAGE', `give the kind and the file; usage: ${importCommand.usage}`, { exitCode: 2 });
    if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new CliError('USAGE', `unknown kind ${kind}: one of ${IMPORT_KINDS.join(', ')}`, { exitCode: 2 });
    const encoding = str(args, 'encoding') ?? 'auto';
    if (!['auto', 'utf8', 'gb18030'].includes(encoding)) throw new CliError('USAGE', '--encoding must be auto, utf8 or gb18030', { exitCode: 2 });
    const headerRow = intOption(args, 'header-row', 1, 100);
    const sheet = str(args, 'sheet');
    const file = resolve(fileArg);
    if (!existsSync(file)) throw new CliError('NO_FILE', `no file at ${file}`);
    const dryRun = args.values['dry-run'] === true;
    const mode = args.values['valid-only'] === true ? 'validOnly' : 'all';

    return withSession(args, async (app, clientId) => {
      const call = async <T>(method: string, input: unknown): Promise<T> => {
        const r = await dispatch(app, clientId, method, input);
        if (!r.ok) throw fromRpcError(r.error);
        return r.value as T;
      };
      const { handle } = app.files.issue(clientId, file, 'read');
      const common = { handle, kind: kind as ImportKind, encoding, ...(sheet !== undefined ? { sheet } : {}) };
      const info = await call<InspectResult>('imports.inspect', { ...common, ...(headerRow !== undefined ? { headerRow } : {}) });
      const mapping = templateMapping(app, kind as ImportKind, str(args, 'template'), info) ?? info.mapping;
      const p = await call<{ importId: string; jobId: string }>('imports.preview', { ...common, headerRow: info.headerRow, headerSig: info.headerSig, mapping, ...(info.sheet && sheet === undefined ? { sheet: info.sheet } : {}) });
      await app.jobs.wait(p.jobId);
      let run = await call<ImportRunDto>('imports.get', { id: p.importId });
      const report = () => reportPath(app, p.importId);
      if (run.status !== 'previewed') throw refusal(run, report());
      if (!dryRun) {
        if (mode === 'all' && run.counts && run.counts.error > 0) {
          throw new CliError('CONFLICT', englishText('error.import.apply.hasErrors', { count: run.counts.error }), {
            key: 'error.import.apply.hasErrors',
            params: { ...countsOf(run), errorReport: report() ?? '' },
            exitCode: 1,
          });
        }
        const a = await call<{ jobId: string }>('imports.apply', { importId: p.importId, mode });
        await app.jobs.wait(a.jobId);
        run = await call<ImportRunDto>('imports.get', { id: p.importId });
        if (run.status !== 'applied') throw refusal(run, report());
      }
      return { importId: run.id, status: run.status, dryRun, mode: dryRun ? null : mode, ...countsOf(run), applied: run.counts?.applied ?? null, template: info.template?.name ?? null, errorReport: report() };
    });
  },
};

/** A named template must have been saved for this very header (same columns, same order). */
function templateMapping(app: AppContext, kind: ImportKind, name: string | undefined, info: InspectResult): Mapping | null {
  if (name === undefined) return null;
  const t = templateByName(app.db.sqlite, kind, name);
  if (!t) throw new CliError('NOT_FOUND', `no ${kind} template named ${name}`, { key: 'error.import.template.notFound' });
  if (headerSignature(t.headers) !== headerSignature(info.columns.map((c) => c.header))) {
    throw new CliError('TEMPLATE_MISMATCH', `template ${name} was saved for other columns than this file's`, { exitCode: 1 });
  }
  return t.mapping;
}

function reportPath(app: AppContext, id: string): string | null {
  return (app.db.sqlite.prepare(`SELECT report_path FROM import_runs WHERE id = ?`).pluck().get(id) as string | null | undefined) ?? null;
}

function refusal(run: ImportRunDto, report: string | null): CliError {
  const m = run.failure ?? { key: 'error.import.failed' };
  return new CliError(run.status === 'cancelled' ? 'CANCELLED' : 'REFUSED', englishText(m.key, m.params), {
    key: m.key,
    params: { ...(m.params ?? {}), ...countsOf(run), status: run.status, errorReport: report ?? '' },
    exitCode: 1,
  });
}
