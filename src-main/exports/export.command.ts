import { exportColumnsFromList } from '../../src-shared/exports/list-columns';
import { DEFAULT_LIST_COLUMNS } from '../../src-shared/customers/list-view';
import { resolve, extname } from 'node:path';
import { dispatch } from '../ipc/dispatch';
import { CliError, dbOption, fromRpcError, required, str, withSession, type Command, type Parsed } from '../cli/cli-lib';
import { CUSTOMER_EXPORT_COLUMNS, type ExportFormat } from '../../src-shared/exports/exports.contract';
import { zExportResult } from '../../src-shared/exports/exports.contract';

/** The kinds of list the CLI can export, by name. */
const KINDS = ['customers'] as const;

function jsonOption(args: Parsed, name: string): unknown {
  const v = str(args, name);
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    throw new CliError('BAD_JSON', `--${name} is not valid JSON`, { exitCode: 2 });
  }
}

/**
 * `cli export customers <out.xlsx|csv> --db F --user LOGIN [--q TERM] [--filter JSON]
 * [--sort JSON] [--columns a,b,c]` (`--unmasked` is refused: it needs a second person's approval, in the app): the same call the app makes
 * (`exports.customers` through dispatch, so permissions, scope, masking and audit are the
 * user's), then waits for the job and prints `{ rows, file, bytes, seconds }`. A refused
 * export exits non-zero with the reason; a failed or cancelled job too, and leaves no file.
 */
export const exportCommand: Command = {
  summary: 'export a list (customers) to .xlsx or .csv, as the user would see it',
  usage:
    "export customers <out.xlsx|out.csv> --db FILE --user LOGIN [--q TERM] [--filter '<json>'] [--sort '<json>'] [--columns a,b,c]   (password from BD_PASSWORD, key from BD_DB_KEY; masked: an unmasked export needs a second person's approval, in the app)",
  options: {
    ...dbOption,
    user: { type: 'string' },
    q: { type: 'string' },
    filter: { type: 'string' },
    sort: { type: 'string' },
    columns: { type: 'string' },
    unmasked: { type: 'boolean' },
  },
  async run(args) {
    const [kind, out, ...rest] = args.positionals;
    if (!kind || !out || rest.length > 0) throw new CliError('USAGE', `give the kind and the output file; usage: ${exportCommand.usage}`, { exitCode: 2 });
    if (!(KINDS as readonly string[]).includes(kind)) throw new CliError('USAGE', `unknown export kind ${kind}: one of ${KINDS.join(', ')}`, { exitCode: 2 });
    const file = resolve(out);
    const ext = extname(file).slice(1).toLowerCase();
    if (ext !== 'xlsx' && ext !== 'csv') throw new CliError('USAGE', 'the output file must end in .xlsx or .csv', { exitCode: 2 });
    const format: ExportFormat = ext;
    required(args, 'db');
    required(args, 'user');
    // By default the columns the list shows before a person changes them (and its sort: the contract's default).
    const columns = str(args, 'columns')?.split(',').map((c) => c.trim()).filter(Boolean) ?? exportColumnsFromList(DEFAULT_LIST_COLUMNS);
    const input = {
      format,
      columns,
      unmasked: args.values.unmasked === true,
      ...(str(args, 'q') !== undefined ? { q: str(args, 'q') } : {}),
      ...(args.values.filter !== undefined ? { filter: jsonOption(args, 'filter') } : {}),
      ...(args.values.sort !== undefined ? { sort: jsonOption(args, 'sort') } : {}),
    };
    const started = Date.now();
    return withSession(args, async (app, clientId) => {
      const { handle } = app.files.issue(clientId, file, 'write');
      const r = await dispatch(app, clientId, 'exports.customers', { ...input, handle });
      if (!r.ok) throw fromRpcError(r.error);
      const { jobId } = r.value as { jobId: string };
      await app.jobs.wait(jobId);
      const job = await dispatch(app, clientId, 'jobs.get', { id: jobId });
      if (!job.ok) throw fromRpcError(job.error);
      const j = job.value as { status: string; errorCode: string | null; result: unknown };
      if (j.status !== 'done') {
        const code = j.status === 'cancelled' ? 'CANCELLED' : (j.errorCode ?? 'INTERNAL');
        throw new CliError(code, `the export ${j.status === 'cancelled' ? 'was cancelled' : `failed (${code})`}; no file was written`);
      }
      const result = zExportResult.parse(j.result);
      return { rows: result.rows, file, bytes: result.bytes, seconds: Math.round((Date.now() - started) / 10) / 100 };
    });
  },
};
