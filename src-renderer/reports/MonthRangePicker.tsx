import { useTranslation } from 'react-i18next';
import { MONTH_PRESETS, presetMonths, type MonthPreset, type MonthRange } from './calendar';

/** A preset (last 12 months, this year, last year) or any from/to months. */
export function MonthRangePicker({ value, today, onChange }: { value: MonthRange; today: string; onChange: (range: MonthRange) => void }) {
  const { t } = useTranslation();
  const pick = (preset: MonthPreset) => onChange(preset === 'custom' ? { ...value, preset } : presetMonths(preset, today));
  return (
    <>
      <label className="filter">
        <span>{t('reports.range.period')}</span>
        <select value={value.preset} onChange={(e) => pick(e.target.value as MonthPreset)} data-testid="months-preset">
          {MONTH_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.range.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('reports.range.fromMonth')}</span>
        <input type="month" value={value.from} max={value.to || undefined} onChange={(e) => onChange({ ...value, preset: 'custom', from: e.target.value })} data-testid="months-from" />
      </label>
      <label className="filter">
        <span>{t('reports.range.toMonth')}</span>
        <input type="month" value={value.to} min={value.from || undefined} onChange={(e) => onChange({ ...value, preset: 'custom', to: e.target.value })} data-testid="months-to" />
      </label>
    </>
  );
}
