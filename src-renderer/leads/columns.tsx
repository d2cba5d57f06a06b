import { useMemo } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { LEAD_PRIORITIES, LEAD_STATUSES } from '../../src-shared';
import type { LeadRow } from '../../src-shared';
import { RelativeTime } from './RelativeTime';
import { formatPhone } from '../../src-shared/text/normalize';

const col = createColumnHelper<LeadRow>();

const fullName = (r: LeadRow): string => [r.firstName, r.lastName].filter(Boolean).join(' ');

function Empty() {
  return (
    <span className="muted" aria-hidden="true">
      —
    </span>
  );
}

function Text({ value }: { value: string | null }) {
  return value ? <span title={value}>{value}</span> : <Empty />;
}

/** The inbox columns, labels in the UI language. Sorting is client-side on the loaded rows. */
export function useLeadColumns(): ColumnDef<LeadRow, unknown>[] {
  const { t, i18n } = useTranslation();
  return useMemo(() => {
    const collator = new Intl.Collator(i18n.resolvedLanguage, { sensitivity: 'base' });
    const byText = (get: (r: LeadRow) => string | null) => (a: { original: LeadRow }, b: { original: LeadRow }) =>
      collator.compare(get(a.original) ?? '', get(b.original) ?? '');
    const columns = [
      col.accessor((r) => LEAD_PRIORITIES.indexOf(r.priority), {
        id: 'priority',
        header: () => <span className="visually-hidden">{t('leads.columns.priority')}</span>,
        cell: (c) => {
          const p = c.row.original.priority;
          const label = t(`leads.priority.${p}`);
          return <span className={`priority-dot priority-${p}`} role="img" aria-label={label} title={label} />;
        },
      }),
      col.accessor('receivedAt', {
        header: () => t('leads.columns.received'),
        cell: (c) => <RelativeTime at={c.getValue()} />,
        sortDescFirst: true,
      }),
      col.accessor(fullName, {
        id: 'name',
        header: () => t('leads.columns.name'),
        cell: (c) => (c.getValue() ? <strong title={c.getValue()}>{c.getValue()}</strong> : <span className="muted">{t('leads.noName')}</span>),
        sortingFn: byText(fullName),
      }),
      col.accessor('phone', {
        header: () => t('leads.columns.phone'),
        // One readable format for scanning; the number as the client typed it stays in the tooltip.
        cell: (c) => {
          const raw = c.getValue();
          if (!raw) return <Empty />;
          const e164 = c.row.original.phoneE164;
          return (
            <span className="tabular" title={raw}>
              {e164 ? formatPhone(e164) : raw}
            </span>
          );
        },
        sortingFn: byText((r) => r.phone),
      }),
      col.accessor('email', {
        header: () => t('leads.columns.email'),
        cell: (c) => <Text value={c.getValue()} />,
        sortingFn: byText((r) => r.email),
      }),
      col.accessor('sourceName', {
        header: () => t('leads.columns.source'),
        cell: (c) => <Text value={c.getValue()} />,
        sortingFn: byText((r) => r.sourceName),
      }),
      col.accessor('investmentName', {
        header: () => t('leads.columns.investment'),
        cell: (c) => <Text value={c.getValue()} />,
        sortingFn: byText((r) => r.investmentName),
      }),
      col.accessor('assigneeName', {
        header: () => t('leads.columns.assignee'),
        cell: (c) => {
          const name = c.getValue();
          return name ? <span title={name}>{name}</span> : <span className="muted unassigned">{t('leads.unassigned')}</span>;
        },
        sortingFn: byText((r) => r.assigneeName),
      }),
      col.accessor((r) => LEAD_STATUSES.indexOf(r.status), {
        id: 'status',
        header: () => t('leads.columns.status'),
        cell: (c) => {
          const s = c.row.original.status;
          return <span className={`status-badge status-${s}`}>{t(`leads.status.${s}`)}</span>;
        },
      }),
    ];
    return columns as ColumnDef<LeadRow, unknown>[];
  }, [t, i18n.resolvedLanguage]);
}
