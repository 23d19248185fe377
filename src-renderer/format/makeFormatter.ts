import { fenToYuanString } from '../../src-shared/lib/money';

/** Business dates are Shanghai dates wherever the laptop's clock is set (domain.md). */
const TIME_ZONE = 'Asia/Shanghai';

export type Formatter = {
  /** `YYYY-MM-DD` in Asia/Shanghai. */
  date(iso: string | Date | null | undefined): string;
  /** `YYYY-MM-DD HH:mm` in Asia/Shanghai. */
  dateTime(iso: string | Date | null | undefined): string;
  number(n: number): string;
  /** Integer fen → yuan with two decimals and thousands separators. */
  money(fen: number): string;
};

/** The one formatter for dates, numbers and money (architecture.md), per locale. */
export function makeFormatter(locale: string): Formatter {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const numbers = new Intl.NumberFormat(locale);
  const split = (v: string | Date) => {
    const d = typeof v === 'string' ? new Date(v) : v;
    if (Number.isNaN(d.getTime())) return null;
    const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
    return { ymd: `${p.year}-${p.month}-${p.day}`, hm: `${p.hour}:${p.minute}` };
  };
  return {
    date: (v) => (v ? (split(v)?.ymd ?? '') : ''),
    dateTime: (v) => {
      const s = v ? split(v) : null;
      return s ? `${s.ymd} ${s.hm}` : '';
    },
    number: (n) => numbers.format(n),
    money: (fen) => fenToYuanString(fen, locale),
  };
}
