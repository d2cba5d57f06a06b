import { format, formatDistance } from 'date-fns';
import { useDateLocale } from '../i18n/date-locale';
import { useNow } from './clock';

/** "5 minutes ago", with the full date and time in the tooltip, in the UI language. */
export function RelativeTime({ at }: { at: number }) {
  const locale = useDateLocale();
  const now = useNow();
  const date = new Date(at);
  const absolute = format(date, 'PPPp', { locale });
  return (
    <time dateTime={date.toISOString()} title={absolute}>
      {formatDistance(date, Math.max(now, at), { addSuffix: true, locale })}
    </time>
  );
}
