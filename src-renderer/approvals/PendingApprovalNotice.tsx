import { Alert, Button, Group, Stack } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavStore } from '../nav/useNavStore';
import { useCan } from '../session/useCan';

/**
 * What a modal shows once its request has gone for 复核: that it waits for a second person,
 * close, and the way to the approvals page (for a maker who may see it).
 */
export function PendingApprovalNotice({ title, message, testId, onClose, color = 'violet' }: { title: string; message: string; testId: string; onClose(): void; color?: string }) {
  const { t } = useTranslation();
  const go = useNavStore((s) => s.go);
  // The maker may not see the approvals page (an account manager): then there is nowhere to go.
  const canApprovals = useCan('approvals.read');
  return (
    <Stack>
      <Alert color={color} icon={<IconChecklist size={18} />} title={title} data-testid={testId}>
        {message}
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.close')}
        </Button>
        {canApprovals && (
          <Button
            onClick={() => {
              onClose();
              go('approvals');
            }}
          >
            {t('customer.merge.toApprovals')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
