import { useMemo, useState } from 'react';
import { Alert, Button, Center, Loader, SimpleGrid, Stack } from '@mantine/core';
import { IconBuildingPlus, IconFileExport, IconFileImport, IconFolderShare, IconKey, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { BUNDLE_EXTENSION } from '../../src-shared/sync/bundles.contract';
import type { SyncPeerDto } from '../../src-shared/sync/sync.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { translateError } from '../i18n/translateMessage';
import { useCan } from '../session/useCan';
import { PageTitle } from '../shell/PageTitle';
import { saveFile } from '../exports/saveFile';
import { chooseOpenFile } from '../imports/chooseOpenFile';
import { bundleFileName } from './bundleFileName';
import { EnrollDialog } from './EnrollDialog';
import { NodeCard } from './NodeCard';
import { PeersTable, peerName } from './PeersTable';
import { RecoveryDialog } from './RecoveryDialog';
import { SyncFiguresCard } from './SyncFiguresCard';
import { SyncFolderCard } from './SyncFolderCard';
import { SyncJobPanel } from './SyncJobPanel';
import { useSyncJob } from './useSyncJob';

/**
 * 同步 (sync.view): this node, its peers with the link figures, and the exchange itself: make a
 * bundle for HQ (a branch) or for one branch or all of them (HQ), receive one, each as a job
 * with progress and its outcome. HQ administrators enroll branches, retire keys and write a
 * branch's key-recovery file here.
 */
export function SyncPage() {
  const { t } = useTranslation();
  const status = useRpcQuery('sync.status', {});
  const canExchange = useCan('sync.exchange');
  const canAdmin = useCan('sync.admin');
  const job = useSyncJob(status.reload);
  const [enrolling, setEnrolling] = useState(false);
  const [recovering, setRecovering] = useState(false);
  const [starting, setStarting] = useState(false);
  const s = status.data;
  const isHq = s?.node.role === 'hq';
  const running = starting || (job.run !== null && job.ended === null);
  const activePeers = (s?.peers ?? []).filter((p) => p.status === 'active');
  const hqPeer = activePeers.find((p) => p.role === 'hq') ?? null;
  const enrolledOrgIds = useMemo(() => new Set((s?.peers ?? []).filter((p) => p.status === 'active').map((p) => p.orgId)), [s]);

  const create = async (peer: SyncPeerDto | 'all') => {
    if (!s) return;
    setStarting(true);
    try {
      const to = peer === 'all' ? 'all' : (peer.orgCode ?? peer.nodeId);
      const save = await saveFile.choose(bundleFileName(s.node.orgCode ?? s.node.nodeId, to), [BUNDLE_EXTENSION]);
      if (!save) return;
      const r = await rpc.call('sync.bundle.create', { peerId: peer === 'all' ? 'all' : peer.nodeId, handle: save.handle });
      const title = peer === 'all' ? t('syncUi.job.exportAll') : peer.role === 'hq' ? t('syncUi.job.exportHq') : t('syncUi.job.export', { name: peerName(peer) });
      // "All branches" writes one file per branch beside the chosen one: there is no single file to hand over.
      job.start({ kind: 'export', jobId: r.jobId, title, save: peer === 'all' ? null : save });
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };

  /** Shared-folder mode: the bundle goes into the folder, under its own name; the peer's watch picks it up. */
  const createInFolder = async () => {
    if (!s) return;
    setStarting(true);
    try {
      const target = isHq ? 'all' : (hqPeer?.nodeId ?? null);
      if (!target) return;
      const r = await rpc.call('sync.bundle.create', { peerId: target, toFolder: true });
      job.start({ kind: 'export', jobId: r.jobId, title: t('syncUi.job.exportFolder'), save: null });
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };

  const receive = async () => {
    setStarting(true);
    try {
      // The picker opens first: a browser shows it only straight from the click.
      const file = await chooseOpenFile([BUNDLE_EXTENSION]);
      if (!file) return;
      const r = await rpc.call('sync.bundle.receive', { handle: file.handle });
      job.start({ kind: 'import', jobId: r.jobId, title: t('syncUi.job.import', { name: file.name }), save: null });
    } catch (e) {
      showError(e);
    } finally {
      setStarting(false);
    }
  };

  return (
    <>
      <PageTitle title={t('syncUi.title')}>
        {s && canExchange && (
          <>
            {!isHq && hqPeer && (
              <Button leftSection={<IconSend size={16} />} onClick={() => void create(hqPeer)} disabled={running}>
                {t('syncUi.action.createForHq')}
              </Button>
            )}
            {isHq && activePeers.length > 0 && (
              <Button leftSection={<IconFileExport size={16} />} variant="light" onClick={() => void create('all')} disabled={running}>
                {t('syncUi.action.createForAll')}
              </Button>
            )}
            {s.sharedFolder && (isHq ? activePeers.length > 0 : hqPeer !== null) && (
              <Button leftSection={<IconFolderShare size={16} />} variant="light" onClick={() => void createInFolder()} disabled={running}>
                {t(isHq ? 'syncUi.action.folderAll' : 'syncUi.action.folderHq')}
              </Button>
            )}
            <Button leftSection={<IconFileImport size={16} />} variant={isHq ? 'filled' : 'light'} onClick={() => void receive()} disabled={running}>
              {t('syncUi.action.receive')}
            </Button>
          </>
        )}
        {s && isHq && canAdmin && (
          <>
            <Button leftSection={<IconBuildingPlus size={16} />} variant="default" onClick={() => setEnrolling(true)}>
              {t('syncUi.action.enroll')}
            </Button>
            {activePeers.length > 0 && (
              <Button leftSection={<IconKey size={16} />} variant="default" onClick={() => setRecovering(true)}>
                {t('syncUi.action.recovery')}
              </Button>
            )}
          </>
        )}
      </PageTitle>
      {status.error && (
        <Alert color="red" mb="md">
          {translateError(status.error.rpc)}
        </Alert>
      )}
      {!s && status.loading && (
        <Center py="xl">
          <Loader size="sm" />
        </Center>
      )}
      {s && (
        <Stack gap="md" data-testid="sync-page">
          <SyncJobPanel state={job} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <NodeCard node={s.node} canAdmin={canAdmin} onChanged={status.reload} />
            <SyncFiguresCard key={s.warnDays} status={s} canAdmin={canAdmin} onChanged={status.reload} />
          </SimpleGrid>
          <PeersTable peers={s.peers} isHq={isHq} canExchange={canExchange} canAdmin={canAdmin} busy={running} onCreate={(p) => void create(p)} onChanged={status.reload} />
          {canExchange && <SyncFolderCard onChanged={status.reload} />}
        </Stack>
      )}
      {isHq && canAdmin && <EnrollDialog opened={enrolling} enrolledOrgIds={enrolledOrgIds} onClose={() => setEnrolling(false)} onEnrolled={status.reload} />}
      {isHq && canAdmin && <RecoveryDialog opened={recovering} peers={activePeers} onClose={() => setRecovering(false)} />}
    </>
  );
}
