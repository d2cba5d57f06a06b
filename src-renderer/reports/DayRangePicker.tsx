import { useTranslation } from 'react-i18next';
import { DAY_PRESETS, presetDays, type DayPreset, type DayRange } from './calendar';

/** A preset (this month, last month…) or any from/to days on the office calendar. */
export function DayRangePicker({ value, today, onChange }: { value: DayRange; today: string; onChange: (range: DayRange) => void }) {
  const { t } = useTranslation();
  const pick = (preset: DayPreset) => onChange(preset === 'custom' ? { ...value, preset } : presetDays(preset, today));
  return (
    <>
      <label className="filter">
        <span>{t('reports.range.period')}</span>
        <select value={value.preset} onChange={(e) => pick(e.target.value as DayPreset)} data-testid="range-preset">
          {DAY_PRESETS.map((p) => (
            <option key={p} value={p}>
              {t(`reports.range.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>{t('filters.from')}</span>
        <input type="date" value={value.from} max={value.to || undefined} onChange={(e) => onChange({ ...value, preset: 'custom', from: e.target.value })} data-testid="range-from" />
      </label>
      <label className="filter">
        <span>{t('filters.to')}</span>
        <input type="date" value={value.to} min={value.from || undefined} onChange={(e) => onChange({ ...value, preset: 'custom', to: e.target.value })} data-testid="range-to" />
      </label>
    </>
  );
}
