import { useTranslation } from 'react-i18next';
import { DAY_PRESETS, MONTH_PRESETS, presetDays, presetMonths, type DayRange, type MonthRange } from './calendar';

type Props =
  | { kind: 'days'; value: DayRange; today: string; onChange: (range: DayRange) => void }
  | { kind: 'months'; value: MonthRange; today: string; onChange: (range: MonthRange) => void };

/** A preset (this month, last 12 months…) or any from/to days or months on the office calendar. */
export function RangePicker(props: Props) {
  const { t } = useTranslation();
  const days = props.kind === 'days';
  const presets: readonly string[] = days ? DAY_PRESETS : MONTH_PRESETS;
  const change = (range: { preset: string; from: string; to: string }) => (props.onChange as (r: typeof range) => void)(range);
  const pick = (preset: string) => {
    if (preset === 'custom') return change({ ...props.value, preset });
    change(days ? presetDays(preset as Exclude<DayRange['preset'], 'custom'>, props.today) : presetMonths(preset as Exclude<MonthRange['preset'], 'custom'>, props.today));
  };
  const id = days ? 'range' : 'months';
  const { value } = props;
  return (
    <>
      <label className="filter">
        <span>{t('reports.range.period')}</span>
        <select value={value.preset} onChange={(e) => pick(e.target.value)} data-testid={`${id}-preset`}>
          {presets.map((p) => (
            <option key={p} value={p}>
              {t(`reports.range.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t(days ? 'filters.from' : 'reports.range.fromMonth')}</span>
        <input type={days ? 'date' : 'month'} value={value.from} max={value.to || undefined} onChange={(e) => change({ ...value, preset: 'custom', from: e.target.value })} data-testid={`${id}-from`} />
      </label>
      <label className="filter">
        <span>{t(days ? 'filters.to' : 'reports.range.toMonth')}</span>
        <input type={days ? 'date' : 'month'} value={value.to} min={value.from || undefined} onChange={(e) => change({ ...value, preset: 'custom', to: e.target.value })} data-testid={`${id}-to`} />
      </label>
    </>
  );
}
