import { DateInput, type DateInputProps } from '@mantine/dates';
import 'dayjs/locale/zh-cn';
import { useLanguageStore } from '../i18n/useLanguageStore';

type Props = Omit<DateInputProps, 'value' | 'onChange' | 'valueFormat' | 'locale'> & {
  /** `YYYY-MM-DD`, or empty/null for no date (what the contracts carry). */
  value?: string | null | undefined;
  onChange?: (value: string | null) => void;
};

/**
 * Every date field of the app: Mantine's DateInput in the UI language (Chinese month and weekday
 * names, weeks from Monday), typed or picked, always shown and returned as `YYYY-MM-DD`, so the
 * format no longer follows the browser's locale as the native date input did. Spreads a
 * @mantine/form `getInputProps` result directly.
 */
export function DateField({ value, onChange, ...rest }: Props) {
  const language = useLanguageStore((s) => s.language);
  return (
    <DateInput
      {...rest}
      value={value ? value : null}
      onChange={(v) => onChange?.(v ? String(v).slice(0, 10) : null)}
      valueFormat="YYYY-MM-DD"
      locale={language === 'zh-CN' ? 'zh-cn' : 'en'}
      firstDayOfWeek={1}
      clearable
      placeholder={rest.placeholder ?? 'YYYY-MM-DD'}
      popoverProps={{ withinPortal: true }}
    />
  );
}
