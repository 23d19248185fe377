import {
  exportPeersOf,
  failureParamsOf,
  zBundleExportResult,
  zBundleReceiveResult,
  zEnrollResult,
} from '../../src-shared/sync/bundles.contract';
import type { JobProgress } from '../jobs/useJobProgress';
import type { Formatter } from '../format/makeFormatter';
import { i18n } from '../i18n/i18n';
import { translateMessage } from '../i18n/translateMessage';

export type SyncJobKind = 'export' | 'import' | 'enroll';
export type SyncJobSummary = { color: 'green' | 'blue' | 'red'; title: string; lines: string[] };

const kb = (fmt: Formatter, bytes: number) => i18n.t('syncUi.result.size', { size: fmt.number(Math.max(1, Math.round(bytes / 1024))) });

/**
 * How a finished sync job ended, in the user's language: what a bundle carried, what a received
 * bundle changed, or the refusal's own message (a gap names the missing bundles).
 */
export function describeSyncJob(kind: SyncJobKind, job: JobProgress, fmt: Formatter): SyncJobSummary {
  const t = i18n.t.bind(i18n);
  if (job.status === 'cancelled') return { color: 'blue', title: t('syncUi.result.cancelled'), lines: [] };
  if (job.status === 'failed') {
    const code = job.errorCode ?? 'INTERNAL';
    return { color: 'red', title: t(`syncUi.result.failed.${kind}`), lines: [translateMessage(`error.${code}`, undefined, 'error.INTERNAL')] };
  }
  const refused = (failure: string, params: string) => ({
    color: 'red' as const,
    title: t(`syncUi.result.failed.${kind}`),
    lines: [translateMessage(failure, safeParams(failure, params))],
  });
  if (kind === 'export') {
    const r = zBundleExportResult.safeParse(job.result);
    if (!r.success) return unknownResult(kind);
    if (r.data.status === 'failed') return refused(r.data.failure, r.data.failureParams);
    const peers = exportPeersOf(r.data);
    const lines = peers.flatMap((p) => [
      p.failure
        ? t('syncUi.result.peerRefused', { code: p.code, reason: translateMessage(p.failure) })
        : p.linkFrom > p.linkTo
          ? t('syncUi.result.peerAckOnly', { code: p.code, size: kb(fmt, p.bytes) })
          : t('syncUi.result.peerBundle', { code: p.code, items: fmt.number(p.items), from: p.linkFrom, to: p.linkTo, size: kb(fmt, p.bytes) }),
      // Written under a name of its own (all branches, the shared folder): say which.
      ...(p.file && !p.failure ? [t('syncUi.result.peerFile', { file: p.file })] : []),
    ]);
    return { color: r.data.refused > 0 ? 'red' : 'green', title: t('syncUi.result.exported', { count: r.data.bundles }), lines };
  }
  if (kind === 'import') {
    const r = zBundleReceiveResult.safeParse(job.result);
    if (!r.success) return unknownResult(kind);
    const d = r.data;
    if (d.status === 'failed') return refused(d.failure, d.failureParams);
    if (d.status === 'duplicate') return { color: 'blue', title: t('syncUi.result.duplicate', { code: d.code }), lines: [t('syncUi.result.duplicateHint', { to: d.linkTo })] };
    const lines = [
      t('syncUi.result.appliedCounts', { ops: fmt.number(d.ops), rows: fmt.number(d.rows), applied: fmt.number(d.applied), stale: fmt.number(d.stale) }),
      ...(d.conflicts ? [t('syncUi.result.conflicts', { count: d.conflicts })] : []),
      ...(d.parked ? [t('syncUi.result.parked', { count: d.parked })] : []),
      ...(d.replayed ? [t('syncUi.result.replayed', { count: d.replayed })] : []),
      ...(d.purged ? [t('syncUi.result.purged', { count: d.purged })] : []),
      ...(d.newerSchema ? [t('syncUi.result.newerSchema')] : []),
    ];
    return { color: 'green', title: t('syncUi.result.applied', { code: d.code, to: d.linkTo }), lines };
  }
  const r = zEnrollResult.safeParse(job.result);
  if (!r.success) return unknownResult(kind);
  if (r.data.status === 'failed') return refused(r.data.failure, r.data.failureParams);
  return { color: 'green', title: t('syncUi.result.enrolled', { code: r.data.code }), lines: [t('syncUi.result.enrolledCounts', { customers: fmt.number(r.data.customers), size: kb(fmt, r.data.bytes) })] };
}

function safeParams(_key: string, json: string): Record<string, string | number> | undefined {
  try {
    return failureParamsOf({ status: 'failed', failure: _key, failureParams: json });
  } catch {
    return undefined;
  }
}

function unknownResult(kind: SyncJobKind): SyncJobSummary {
  return { color: 'red', title: i18n.t(`syncUi.result.failed.${kind}`), lines: [i18n.t('error.INTERNAL')] };
}
