import { useState } from 'react';
import { flexRender, getCoreRowModel, getSortedRowModel, useReactTable } from '@tanstack/react-table';
import type { SortingState } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import type { LeadRow } from '../../src-shared';
import { useLeadColumns } from './columns';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** The inbox table; header clicks sort the loaded rows. */
export function LeadsTable({ rows }: { rows: LeadRow[] }) {
  const { t } = useTranslation();
  const columns = useLeadColumns();
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (r) => r.id,
  });

  return (
    <table className="data-table leads-table">
      <caption className="visually-hidden">{t('inbox.tableCaption')}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={`col-${header.column.id}`}
                  aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
                >
                  {header.isPlaceholder ? null : (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={header.column.getToggleSortingHandler()}
                      title={t('inbox.sortBy')}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span className={sorted ? 'sort-mark active' : 'sort-mark'} aria-hidden="true">
                        {sorted === 'desc' ? '▼' : '▲'}
                      </span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-testid="inbox-row" data-lead-id={row.id} data-status={row.original.status}>
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id} className={`col-${cell.column.id}`}>
                {flexRender(cell.column.columnDef.cell, cell.getContext())}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
