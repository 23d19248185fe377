import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Combobox, Group, Loader, NumberInput, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconTemplate } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Encoding } from '../../src-shared/imports/imports.contract';
import { rpc } from '../platform/rpc';
import { RpcCallError } from '../platform/RpcCallError';
import { translateIssue } from '../i18n/translateMessage';
import { useRpcQuery } from '../data/useRpcQuery';
import { useFormat } from '../format/useFormat';
import { useImportWizardStore, type ReadChoice } from './useImportWizardStore';
import { useImportInspect } from './useImportInspect';
import { importText } from './importText';
import { useLanguageStore } from '../i18n/useLanguageStore';

/** The Select's value for "don't import this column" (a field key never starts with `_`). */
const SKIP = '__skip__';
const ENCODINGS: readonly Encoding[] = ['auto', 'utf8', 'gb18030'];
const isEncoding = (v: string | null): v is Encoding => v !== null && (ENCODINGS as readonly string[]).includes(v);
type FieldInfo = { key: string; required: boolean; matchKey: boolean };

/**
 * Step 2: how the file is read (sheet, encoding, header row, with the file's warnings) and
 * which field each column goes to. Columns show their header and sample values; required
 * fields left unmapped and fields mapped twice are flagged before anything is sent.
 */
export function ImportMappingStep() {
  const { t } = useTranslation();
  const language = useLanguageStore((s) => s.language);
  const fmt = useFormat();
  const { kind, file, read, inspected, mapping, templateName, setRead, setMapping, setTemplateName, goTo, startPreview } = useImportWizardStore();
  const kinds = useRpcQuery('imports.kinds', {});
  const fields: FieldInfo[] = useMemo(() => kinds.data?.find((k) => k.kind === kind)?.fields ?? [], [kinds.data, kind]);
  const inspect = useImportInspect();
  const [headerInput, setHeaderInput] = useState<number | string>(inspected?.headerRow ?? 1);
  const [issues, setIssues] = useState<Record<number, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => setHeaderInput(inspected?.headerRow ?? 1), [inspected?.headerRow]);

  if (!file || !inspected) {
    return (
      <Button variant="default" onClick={() => goTo('source')}>
        {t('importUi.back')}
      </Button>
    );
  }

  const reread = (patch: Partial<ReadChoice>) => {
    const next = { ...read, ...patch };
    setRead(patch);
    setIssues({});
    void inspect.run(kind, file, next);
  };
  const commitHeaderRow = () => {
    const n = typeof headerInput === 'number' ? headerInput : Number(headerInput);
    if (Number.isInteger(n) && n >= 1 && n <= 100 && n !== inspected.headerRow) reread({ headerRow: n });
    else setHeaderInput(inspected.headerRow);
  };

  const label = (k: string) => importText.field(kind, k);
  const used = new Map<string, number[]>();
  for (const c of inspected.columns) {
    const f = mapping[c.index];
    if (f) used.set(f, [...(used.get(f) ?? []), c.index]);
  }
  const missing = fields.filter((f) => f.required && !used.has(f.key));
  const twice = [...used.entries()].filter(([, cols]) => cols.length > 1);
  const mappedCount = [...used.values()].reduce((n, cols) => n + cols.length, 0);
  const blocked = missing.length > 0 || twice.length > 0 || mappedCount === 0 || inspect.busy;

  const preview = async () => {
    setStarting(true);
    setError(null);
    setIssues({});
    try {
      const name = templateName.trim();
      const r = await rpc.call('imports.preview', {
        handle: file.handle,
        kind,
        encoding: read.encoding,
        ...(inspected.sheet !== null ? { sheet: inspected.sheet } : {}),
        headerRow: inspected.headerRow,
        headerSig: inspected.headerSig,
        mapping: inspected.columns.reduce<(string | null)[]>((m, c) => {
          while (m.length <= c.index) m.push(null);
          m[c.index] = mapping[c.index] ?? null;
          return m;
        }, []),
        ...(name ? { saveTemplateAs: name } : {}),
        locale: language,
      });
      startPreview(r.importId, r.jobId);
    } catch (e) {
      const byColumn: Record<number, string> = {};
      const rest: string[] = [];
      for (const issue of e instanceof RpcCallError ? (e.rpc.issues ?? []) : []) {
        if (issue.path[0] === 'mapping' && typeof issue.path[1] === 'number') byColumn[issue.path[1]] = translateIssue(issue);
        else rest.push(translateIssue(issue));
      }
      setIssues(byColumn);
      if (rest.length || !Object.keys(byColumn).length) setError(rest.length ? rest.join('；') : importText.refusal(e));
    } finally {
      setStarting(false);
    }
  };

  const options = [
    { value: SKIP, label: t('importUi.mapping.skip') },
    ...fields.map((f) => ({ value: f.key, label: f.required ? `${label(f.key)} *` : label(f.key) })),
    // A suggestion or template naming a field this version does not list: keep it visible.
    ...[...used.keys()].filter((k) => !fields.some((f) => f.key === k)).map((k) => ({ value: k, label: k })),
  ];
  const fieldOf = (key: string) => fields.find((f) => f.key === key);

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Group gap="lg" align="flex-end" wrap="wrap">
          <Stack gap={2} style={{ minWidth: 0, flex: '1 1 220px' }}>
            <Text size="xs" c="dimmed">
              {t('importUi.mapping.file')}
            </Text>
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <Badge variant="light" style={{ flex: 'none' }} data-testid="import-format">
                {inspected.format.toUpperCase()}
              </Badge>
              <Text size="sm" fw={500} truncate title={inspected.fileName}>
                {inspected.fileName}
              </Text>
              <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                {t('importUi.source.size', { size: fmt.number(Math.max(1, Math.round(inspected.size / 1024))) })}
              </Text>
            </Group>
          </Stack>
          {inspected.format !== 'csv' && (
            <Select
              w={180}
              label={t('importUi.mapping.sheet')}
              data={inspected.sheets}
              value={inspected.sheet}
              allowDeselect={false}
              disabled={inspect.busy}
              onChange={(v) => v && v !== inspected.sheet && reread({ sheet: v, headerRow: undefined })}
            />
          )}
          {inspected.format === 'csv' && (
            <Select
              w={200}
              label={t('importUi.mapping.encoding')}
              data={ENCODINGS.map((e) => ({
                value: e,
                label: e === 'auto' && inspected.detectedEncoding ? t('importUi.encoding.autoDetected', { detected: t(`importUi.encoding.${inspected.detectedEncoding}`) }) : t(`importUi.encoding.${e}`),
              }))}
              value={read.encoding}
              allowDeselect={false}
              disabled={inspect.busy}
              onChange={(v) => isEncoding(v) && v !== read.encoding && reread({ encoding: v, headerRow: undefined })}
            />
          )}
          <NumberInput
            w={120}
            label={t('importUi.mapping.headerRow')}
            min={1}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            value={headerInput}
            onChange={setHeaderInput}
            onBlur={commitHeaderRow}
            onKeyDown={(e) => e.key === 'Enter' && commitHeaderRow()}
            disabled={inspect.busy}
          />
          {inspect.busy && <Loader size="sm" mb={8} />}
        </Group>
      </Paper>
      {inspect.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('importUi.source.refused', { name: file.name })} data-testid="import-refused">
          {inspect.error}
        </Alert>
      )}
      {inspected.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} title={t('importUi.mapping.warnings')} data-testid="import-warnings">
          <Stack gap={2}>
            {inspected.warnings.map((w, i) => (
              <Text key={i} size="sm">
                {importText.message(w)}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {inspected.template && (
        <Alert color="blue" icon={<IconTemplate size={18} />} data-testid="import-template">
          {t('importUi.mapping.templateApplied', { name: inspected.template.name })}
        </Alert>
      )}
      {missing.length > 0 && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="mapping-missing">
          {t('importUi.mapping.missing', { fields: missing.map((f) => label(f.key)).join('、') })}
        </Alert>
      )}
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={6} horizontalSpacing="md" data-testid="mapping-table" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>{t('importUi.mapping.column')}</Table.Th>
                <Table.Th w="22%">{t('importUi.mapping.header')}</Table.Th>
                <Table.Th>{t('importUi.mapping.samples')}</Table.Th>
                <Table.Th w={260}>{t('importUi.mapping.target')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inspected.columns.map((c) => {
                const f = mapping[c.index] ?? null;
                const dupOf = f ? (used.get(f) ?? []).filter((i) => i !== c.index) : [];
                const problem = issues[c.index] ?? (dupOf.length ? t('importUi.mapping.twice', { columns: dupOf.map((i) => importText.column(i)).join('、') }) : undefined);
                const info = f ? fieldOf(f) : undefined;
                return (
                  <Table.Tr key={c.index} data-column={c.header} bg={f ? undefined : 'var(--mantine-color-default-hover)'}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" c="dimmed">
                        {importText.column(c.index)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500} truncate title={c.header} c={c.header ? undefined : 'dimmed'}>
                        {c.header || t('importUi.mapping.noHeader')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
                        {c.samples.some((s) => s.trim() !== '') &&
                          c.samples.slice(0, 3).map((s, i) => (
                            <Text
                              key={i}
                              size="xs"
                              ff={s ? 'monospace' : undefined}
                              c={s ? undefined : 'dimmed'}
                              px={6}
                              py={1}
                              truncate
                              title={s}
                              style={{ borderRadius: 4, background: 'var(--mantine-color-default-hover)', maxWidth: '33%', flex: '0 1 auto' }}
                            >
                              {s || t('importUi.mapping.emptyCell')}
                            </Text>
                          ))}
                        {!c.samples.some((s) => s.trim() !== '') && (
                          <Text size="xs" c="dimmed">
                            {t('importUi.mapping.noSamples')}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="xs"
                        aria-label={t('importUi.mapping.targetFor', { column: c.header || importText.column(c.index) })}
                        data={options}
                        value={f ?? SKIP}
                        allowDeselect={false}
                        searchable
                        comboboxProps={{ withinPortal: true, width: 340, position: 'bottom-end' }}
                        maxDropdownHeight={320}
                        onChange={(v) => {
                          setMapping(c.index, v === SKIP || v === null ? null : v);
                          setIssues(({ [c.index]: _, ...rest }) => rest);
                        }}
                        error={problem}
                        rightSection={
                          info?.matchKey ? (
                            <Group gap={4} wrap="nowrap" title={t('importUi.mapping.matchKeyHint')}>
                              <Badge size="xs" variant="light" color="grape">
                                {t('importUi.mapping.matchKey')}
                              </Badge>
                              <Combobox.Chevron size="xs" />
                            </Group>
                          ) : undefined
                        }
                        rightSectionWidth={info?.matchKey ? 84 : undefined}
                        rightSectionPointerEvents="none"
                        renderOption={({ option }) => {
                          const fi = fieldOf(option.value);
                          const elsewhere = option.value === SKIP ? [] : (used.get(option.value) ?? []).filter((i) => i !== c.index);
                          return (
                            <Group gap={6} wrap="nowrap">
                              <Text size="sm">{option.label}</Text>
                              {elsewhere.length > 0 && (
                                <Text size="xs" c="dimmed">
                                  {t('importUi.mapping.usedBy', { columns: elsewhere.map((i) => importText.column(i)).join('、') })}
                                </Text>
                              )}
                              {fi?.matchKey && (
                                <Badge size="xs" variant="light" color="grape">
                                  {t('importUi.mapping.matchKey')}
                                </Badge>
                              )}
                            </Group>
                          );
                        }}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Text size="xs" c="dimmed">
        {t('importUi.mapping.legend')}
      </Text>
      <TextInput
        maw={420}
        label={t('importUi.mapping.saveTemplate')}
        description={t('importUi.mapping.saveTemplateHint')}
        placeholder={t('importUi.mapping.saveTemplatePlaceholder')}
        value={templateName}
        onChange={(e) => setTemplateName(e.currentTarget.value)}
        maxLength={60}
      />
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} data-testid="preview-refused">
          {error}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={() => goTo('source')}>
          {t('importUi.back')}
        </Button>
        <Group gap="sm">
          <Text size="sm" c="dimmed">
            {t('importUi.mapping.mappedCount', { mapped: mappedCount, columns: inspected.columns.length })}
          </Text>
          <Button onClick={() => void preview()} loading={starting} disabled={blocked}>
            {t('importUi.mapping.preview')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
