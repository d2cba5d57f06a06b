import { memo, useEffect, useMemo, useRef } from 'react';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { Row, SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { InboxSort, InboxSortColumn, LeadRow } from '../../src-shared';
import { useLeadColumns } from './columns';
import { SelectionContext } from './selection';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const ROW_HEIGHT = 35;
/** Start fetching the next page this many rows before the end, so scrolling rarely waits. */
const PREFETCH_ROWS = 30;

interface Props {
  rows: LeadRow[];
  sort: InboxSort;
  onSort: (sort: InboxSort) => void;
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: () => void;
  focusedIndex: number;
  onRowClick: (index: number) => void;
  hasMore: boolean;
  onNeedMore: () => void;
  footer: React.ReactNode;
}

/** The table's sort as tanstack sees it: "age" is the received time, reversed. */
function toSorting(sort: InboxSort, showAge: boolean): SortingState {
  if (showAge && sort.column === 'receivedAt' && sort.direction === 'asc') return [{ id: 'age', desc: true }];
  return [{ id: sort.column, desc: sort.direction === 'desc' }];
}

function fromColumn(id: string, current: InboxSort): InboxSort {
  if (id === 'age') {
    const ageDesc = current.column === 'receivedAt' && current.direction === 'asc';
    return { column: 'receivedAt', direction: ageDesc ? 'desc' : 'asc' };
  }
  const column = id as InboxSortColumn;
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  // Times start newest first; text columns A to Z; priority urgent first.
  return { column, direction: column === 'receivedAt' ? 'desc' : 'asc' };
}

/**
 * The inbox table, virtualized: only the rows in view are in the DOM, so a long list scrolls smoothly,
 * and the next page loads as the end comes into view. Sorting is done by the service.
 */
export function LeadsTable(props: Props) {
  const { rows, sort, onSort, selected, onToggle, onToggleAll, focusedIndex, onRowClick, hasMore, onNeedMore, footer } = props;
  const { t } = useTranslation();
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const selection = useMemo(() => ({ selected, allSelected, toggle: onToggle, toggleAll: onToggleAll }), [selected, allSelected, onToggle, onToggleAll]);
  const columns = useLeadColumns();
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting: toSorting(sort, true) },
    manualSorting: true,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - PREFETCH_ROWS) onNeedMore();
  }, [hasMore, lastIndex, rows.length, onNeedMore]);

  useEffect(() => {
    if (focusedIndex >= 0) virtualizer.scrollToIndex(focusedIndex, { align: 'auto' });
  }, [focusedIndex, virtualizer]);

  const tableRows = table.getRowModel().rows;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;
  const columnCount = columns.length;

  return (
    <SelectionContext.Provider value={selection}>
    <div className="table-scroll" ref={scrollRef} data-testid="inbox-scroll">
      <table className="data-table leads-table" aria-rowcount={rows.length + 1} aria-multiselectable="true">
        <caption className="visually-hidden">{t('inbox.tableCaption')}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const sortable = header.column.id !== 'select';
                return (
                  <th key={header.id} scope="col" className={`col-${header.column.id}`} aria-sort={sorted ? ARIA_SORT[sorted] : undefined}>
                    {!sortable ? (
                      <span className="th-plain">{flexRender(header.column.columnDef.header, header.getContext())}</span>
                    ) : (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSort(fromColumn(header.column.id, sort))}
                        title={t('inbox.sortBy')}
                        data-testid={`sort-${header.column.id}`}
                      >
                        <span className="th-label">{flexRender(header.column.columnDef.header, header.getContext())}</span>
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
          {paddingTop > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = tableRows[item.index];
            return row ? (
              <LeadTableRow key={row.id} row={row} index={item.index} focused={item.index === focusedIndex} selected={selected.has(row.id)} onClick={onRowClick} />
            ) : null;
          })}
          {paddingBottom > 0 ? (
            <tr className="spacer" aria-hidden="true">
              <td colSpan={columnCount} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {footer}
    </div>
    </SelectionContext.Provider>
  );
}

interface RowProps {
  row: Row<LeadRow>;
  index: number;
  focused: boolean;
  selected: boolean;
  onClick: (index: number) => void;
}

/** One lead's row; memoized so scrolling renders only the rows that come into view. */
const LeadTableRow = memo(function LeadTableRow({ row, index, focused, selected, onClick }: RowProps) {
  const classes = ['lead-row', focused ? 'focused' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');
  return (
    <tr
      className={classes}
      data-testid="inbox-row"
      data-lead-id={row.id}
      data-status={row.original.status}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={() => onClick(index)}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={`col-${cell.column.id}`}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});
