import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';

export interface Selection {
  selected: ReadonlySet<string>;
  allSelected: boolean;
  toggle: (id: string) => void;
  toggleAll: () => void;
}

/**
 * The checkboxes read the selection from context, so selecting re-renders the checkboxes only, and the table's
 * rows (memoized) stay as they are.
 */
export const SelectionContext = createContext<Selection>({ selected: new Set(), allSelected: false, toggle: () => {}, toggleAll: () => {} });

export function RowCheck({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation();
  const { selected, toggle } = useContext(SelectionContext);
  return (
    <input
      type="checkbox"
      className="row-check"
      checked={selected.has(id)}
      onChange={() => toggle(id)}
      onClick={(e) => e.stopPropagation()}
      aria-label={t('inbox.selectLead', { name })}
      data-testid="row-check"
    />
  );
}

export function AllCheck() {
  const { t } = useTranslation();
  const { allSelected, toggleAll } = useContext(SelectionContext);
  return <input type="checkbox" className="row-check" checked={allSelected} onChange={toggleAll} aria-label={t('inbox.selectAll')} data-testid="select-all" />;
}
