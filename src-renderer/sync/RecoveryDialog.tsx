import { useState } from 'react';
import { Button, Group, PasswordInput, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RECOVERY_EXTENSION } from '../../src-shared/sync/bundles.contract';
import type { SyncPeerDto } from '../../src-shared/sync/sync.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { showError } from '../i18n/showError';
import { translateIssue } from '../i18n/translateMessage';
import { saveFile } from '../exports/saveFile';
import { Passphrase, SecretsModal, ShownOnce } from './EnrollDialog';
import { peerName } from './PeersTable';

/**
 * HQ (sync.admin): a key-recovery file for an enrolled branch whose database key is lost. The
 * administrator types the recovery passphrase (sealed in HQ's safe since the first
 * enrollment) and chooses where the file goes; the new one-time passphrase is shown here once,
 * to be read out by phone. A wrong recovery passphrase is said under its field.
 */
export function RecoveryDialog({ opened, peers, onClose }: { opened: boolean; peers: readonly SyncPeerDto[]; onClose(): void }) {
  const { t } = useTranslation();
  const branches = peers.filter((p) => p.role === 'branch' && p.status === 'active');
  const [nodeId, setNodeId] = useState<string | null>(null);
  const [recovery, setRecovery] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ name: string; code: string; passphrase: string } | null>(null);

  const close = () => {
    setNodeId(null);
    setRecovery('');
    setFieldError(null);
    setMade(null);
    onClose();
  };

  const start = async () => {
    const p = branches.find((b) => b.nodeId === nodeId);
    if (!p) return;
    setBusy(true);
    setFieldError(null);
    try {
      const code = p.orgCode ?? p.nodeId;
      const save = await saveFile.choose(`${code}.${RECOVERY_EXTENSION}`, [RECOVERY_EXTENSION]);
      if (!save) return;
      const r = await rpc.call('sync.recovery.create', { branchId: p.orgId, recoveryPassphrase: recovery, handle: save.handle });
      setRecovery('');
      setMade({ name: peerName(p), code, passphrase: r.passphrase });
      saveFile.deliver(save);
    } catch (e) {
      const issue = e instanceof RpcCallError ? e.rpc.issues?.find((i) => i.path[0] === 'recoveryPassphrase') : undefined;
      if (issue) setFieldError(translateIssue(issue));
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SecretsModal opened={opened} onClose={close} title={t('syncUi.recovery.title')} showing={made !== null} testId="recovery-dialog">
      {made === null ? (
        <Stack>
          <Text size="sm">{t('syncUi.recovery.intro')}</Text>
          <Select
            label={t('syncUi.enroll.branch')}
            placeholder={t('syncUi.recovery.branchPlaceholder')}
            data={branches.map((b) => ({ value: b.nodeId, label: b.orgCode ? `${peerName(b)}（${b.orgCode}）` : peerName(b) }))}
            value={nodeId}
            onChange={setNodeId}
            searchable
            nothingFoundMessage={t('syncUi.recovery.noBranch')}
            comboboxProps={{ withinPortal: true }}
          />
          <PasswordInput
            label={t('syncUi.enroll.recovery')}
            description={t('syncUi.recovery.passphraseHint')}
            value={recovery}
            onChange={(e) => {
              setRecovery(e.currentTarget.value);
              setFieldError(null);
            }}
            error={fieldError}
            autoComplete="off"
            data-testid="recovery-passphrase-input"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void start()} loading={busy} disabled={!nodeId || recovery.trim() === ''}>
              {t('syncUi.enroll.create')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ShownOnce phoneBody={t('syncUi.recovery.phoneBody', { name: made.name })} onDone={close}>
          <Passphrase label={t('syncUi.recovery.passphrase', { code: made.code })} value={made.passphrase} testId="recovery-one-time" />
        </ShownOnce>
      )}
    </SecretsModal>
  );
}
