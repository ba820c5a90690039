import { usePage } from './context.js';

export interface FormattedDateProps {
  value: Date | string | number;
  /** Intl options; the date alone in the page's locale by default (`3 March 2026`, `3 de marzo de 2026`). */
  options?: Intl.DateTimeFormatOptions;
}

/** A date in the page's locale, in a `<time>` whose datetime machines read. */
export function FormattedDate({ value, options = { dateStyle: 'long' } }: FormattedDateProps) {
  const { formatDate } = usePage();
  const date = value instanceof Date ? value : new Date(value);
  return <time dateTime={date.toISOString()}>{formatDate(date, options)}</time>;
}

export interface FormattedNumberProps {
  value: number;
  options?: Intl.NumberFormatOptions;
}

/** A number in the page's locale (`1,234.5`, `1234,5`). */
export function FormattedNumber({ value, options }: FormattedNumberProps) {
  const { formatNumber } = usePage();
  return <>{formatNumber(value, options)}</>;
}
