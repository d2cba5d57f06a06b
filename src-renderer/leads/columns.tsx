import { useMemo } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import type { ColumnDef } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { LeadRow } from '../../src-shared';
import { formatPhone } from '../../src-shared/text/normalize';
import { elapsedMinutes, slaLevel } from '../../src-shared/sla/working-time';
import { useLookups } from '../settings/lookups';
import { useNow } from './clock';
import { RelativeTime } from './RelativeTime';
import { AllCheck, RowCheck } from './selection';

const col = createColumnHelper<LeadRow>();

export const fullName = (r: Pick<LeadRow, 'firstName' | 'lastName'>): string => [r.firstName, r.lastName].filter(Boolean).join(' ');

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

/**
 * The response timer of a row, in whole minutes (working minutes when the office set working hours): ticking
 * while the lead is New, final once it was handled (linked, converted or deleted); amber and red by the office's
 * thresholds.
 */
function AgeMinutes({ row }: { row: LeadRow }) {
  const { t, i18n } = useTranslation();
  const { settings } = useLookups().lookups;
  const now = useNow();
  const running = row.handledAt === null;
  const minutes = elapsedMinutes(row.receivedAt, running ? Math.max(now, Date.now()) : row.handledAt!, settings.workingHours);
  const level = slaLevel(minutes, { amberMinutes: settings.slaAmberMinutes, redMinutes: settings.slaRedMinutes });
  return (
    <span
      className={`tabular age sla-${level}${running ? ' running' : ' final'}`}
      data-minutes={minutes}
      title={t(running ? 'leads.ageTitle' : 'leads.handledTitle', { count: minutes })}
    >
      {t('leads.minutes', { value: new Intl.NumberFormat(i18n.resolvedLanguage).format(minutes) })}
    </span>
  );
}

export function PriorityDot({ priority }: { priority: LeadRow['priority'] }) {
  const { t } = useTranslation();
  const label = t(`leads.priority.${priority}`);
  return <span className={`priority-dot priority-${priority}`} role="img" aria-label={label} title={label} />;
}

/**
 * The inbox columns, labels in the UI language. Column ids are the service's sort columns ("age" sorts by the
 * received time, reversed); sorting happens in the service over every matching lead, not the loaded ones.
 */
export function useLeadColumns() {
  const { t } = useTranslation();
  return useMemo(() => {
    const columns = [
      col.display({
        id: 'select',
        enableSorting: false,
        header: () => <AllCheck />,
        cell: (c) => <RowCheck id={c.row.original.id} name={fullName(c.row.original) || t('leads.noName')} />,
      }),
      col.accessor('priority', {
        id: 'priority',
        header: () => <span className="visually-hidden">{t('leads.columns.priority')}</span>,
        cell: (c) => <PriorityDot priority={c.getValue()} />,
      }),
      col.accessor('receivedAt', {
        id: 'receivedAt',
        header: () => t('leads.columns.received'),
        cell: (c) => <RelativeTime at={c.getValue()} />,
        sortDescFirst: true,
      }),
      col.accessor('receivedAt', {
        id: 'age',
        header: () => t('leads.columns.age'),
        cell: (c) => <AgeMinutes row={c.row.original} />,
      }),
      col.accessor(fullName, {
        id: 'name',
        header: () => t('leads.columns.name'),
        cell: (c) => (
          <span className="name-cell">
            {c.getValue() ? <strong title={c.getValue()}>{c.getValue()}</strong> : <span className="muted">{t('leads.noName')}</span>}
            {c.row.original.qualification ? (
              <span className={`qual-badge qual-${c.row.original.qualification}`}>{t(`leads.qualification.${c.row.original.qualification}`)}</span>
            ) : null}
          </span>
        ),
      }),
      col.accessor('phone', {
        id: 'phone',
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
      }),
      col.accessor('email', { id: 'email', header: () => t('leads.columns.email'), cell: (c) => <Text value={c.getValue()} /> }),
      col.accessor('sourceName', { id: 'source', header: () => t('leads.columns.source'), cell: (c) => <Text value={c.getValue()} /> }),
      col.accessor('investmentName', { id: 'investment', header: () => t('leads.columns.investment'), cell: (c) => <Text value={c.getValue()} /> }),
      col.accessor('assigneeName', {
        id: 'assignee',
        header: () => t('leads.columns.assignee'),
        cell: (c) => {
          const name = c.getValue();
          return name ? <span title={name}>{name}</span> : <span className="muted unassigned">{t('leads.unassigned')}</span>;
        },
      }),
      col.accessor('status', {
        id: 'status',
        header: () => t('leads.columns.status'),
        cell: (c) => <span className={`status-badge status-${c.getValue()}`}>{t(`leads.status.${c.getValue()}`)}</span>,
      }),
    ];
    return columns as ColumnDef<LeadRow, unknown>[];
  }, [t]);
}
