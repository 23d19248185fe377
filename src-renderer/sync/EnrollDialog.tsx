import { useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Paper, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPhone } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ENROLLMENT_EXTENSION } from '../../src-shared/sync/bundles.contract';
import { useRpcQuery } from '../data/useRpcQuery';
import { rpc } from '../platform/rpc';
import { showError } from '../i18n/showError';
import { saveFile } from '../exports/saveFile';
import { SyncJobPanel } from './SyncJobPanel';
import { useSyncJob } from './useSyncJob';

type Secrets = { code: string; name: string; passphrase: string; recoveryPassphrase: string | null };

/** A one-time passphrase, large, in groups a person reads out: selectable, never sent anywhere by the app. */
export function Passphrase({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" bg="var(--mantine-color-default-hover)">
      <Text size="sm" c="dimmed" mb={6}>
        {label}
      </Text>
      <Text data-testid={testId} ff="monospace" fw={700} fz={26} lh={1.35} style={{ letterSpacing: '0.08em', overflowWrap: 'anywhere', userSelect: 'all' }}>
        {value}
      </Text>
    </Paper>
  );
}

/**
 * The second step of a dialog that made a file for a branch with a one-time passphrase: the rule
 * that it is read out by phone (`phoneBody`), the passphrases (`children`), and Done, which
 * closes only once the person ticks that they have written them down.
 */
export function ShownOnce({ phoneBody, onDone, children }: { phoneBody: string; onDone(): void; children: ReactNode }) {
  const { t } = useTranslation();
  const [noted, setNoted] = useState(false);
  return (
    <Stack>
      <Alert color="red" variant="light" icon={<IconPhone size={18} />} title={t('syncUi.enroll.phoneTitle')}>
        {phoneBody}
      </Alert>
      {children}
      <Checkbox label={t('syncUi.enroll.noted')} checked={noted} onChange={(e) => setNoted(e.currentTarget.checked)} />
      <Group justify="flex-end">
        <Button onClick={onDone} disabled={!noted}>
          {t('syncUi.enroll.done')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * HQ (sync.admin): enroll a branch. Choose the branch and where the file goes; the enrollment
 * file is written by a job, and the one-time passphrase is shown here once, large, with the
 * rule that it is read out by phone and never travels with the file. At the first enrollment
 * the recovery passphrase of the key escrow is shown too.
 */
/** A dialog that shows secrets once: while it does (`showing`), only its own Done button closes it. */
export function SecretsModal({ opened, onClose, title, showing, testId, children }: { opened: boolean; onClose(): void; title: string; showing: boolean; testId: string; children: ReactNode }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>{title}</Text>}
      closeOnClickOutside={!showing}
      closeOnEscape={!showing}
      withCloseButton={!showing}
      data-testid={testId}
    >
      {children}
    </Modal>
  );
}

export function EnrollDialog({ opened, enrolledOrgIds, onClose, onEnrolled }: { opened: boolean; enrolledOrgIds: ReadonlySet<string>; onClose(): void; onEnrolled(): void }) {
  const { t } = useTranslation();
  const org = useRpcQuery('org.list', {}, { enabled: opened });
  const [branchId, setBranchId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secrets, setSecrets] = useState<Secrets | null>(null);
  const job = useSyncJob(onEnrolled);
  const branches = (org.data ?? []).filter((u) => u.kind === 'branch' && u.status === 'active' && !enrolledOrgIds.has(u.id));

  const reset = () => {
    setBranchId(null);
    setSecrets(null);
    job.clear();
  };
  const close = () => {
    reset();
    onClose();
  };

  const start = async () => {
    const b = branches.find((x) => x.id === branchId);
    if (!b) return;
    setBusy(true);
    try {
      const save = await saveFile.choose(`${b.code}.${ENROLLMENT_EXTENSION}`, [ENROLLMENT_EXTENSION]);
      if (!save) return;
      const r = await rpc.call('sync.enroll.create', { branchId: b.id, handle: save.handle });
      setSecrets({ code: b.code, name: b.name, passphrase: r.passphrase, recoveryPassphrase: r.recoveryPassphrase });
      job.start({ kind: 'enroll', jobId: r.jobId, title: t('syncUi.enroll.writing', { name: b.name }), save });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SecretsModal opened={opened} onClose={close} title={t('syncUi.enroll.title')} showing={secrets !== null} testId="enroll-dialog">
      {secrets === null ? (
        <Stack>
          <Text size="sm">{t('syncUi.enroll.intro')}</Text>
          <Select
            label={t('syncUi.enroll.branch')}
            placeholder={t('syncUi.enroll.branchPlaceholder')}
            data={branches.map((b) => ({ value: b.id, label: `${b.name}（${b.code}）` }))}
            value={branchId}
            onChange={setBranchId}
            searchable
            nothingFoundMessage={t('syncUi.enroll.noBranch')}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={() => void start()} loading={busy} disabled={!branchId}>
              {t('syncUi.enroll.create')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <ShownOnce phoneBody={t('syncUi.enroll.phoneBody', { name: secrets.name })} onDone={close}>
          <Passphrase label={t('syncUi.enroll.passphrase', { code: secrets.code })} value={secrets.passphrase} testId="enroll-passphrase" />
          {secrets.recoveryPassphrase && (
            <>
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} title={t('syncUi.enroll.recoveryTitle')}>
                {t('syncUi.enroll.recoveryBody')}
              </Alert>
              <Passphrase label={t('syncUi.enroll.recovery')} value={secrets.recoveryPassphrase} testId="enroll-recovery" />
            </>
          )}
          <SyncJobPanel state={job} />
        </ShownOnce>
      )}
    </SecretsModal>
  );
}
