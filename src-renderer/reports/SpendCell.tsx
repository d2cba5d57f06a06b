import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiClientError, send } from '../api/client';
import { parseAmount, type ReportFormat } from './report-format';

type State = 'idle' | 'saving' | 'saved' | 'error';

interface Props {
  sourceId: string;
  month: string;
  /** Minor units, or null when nothing is entered. */
  amount: number | null;
  fmt: ReportFormat;
  label: string;
  onSaved: (amount: number | null) => void;
  /** A failure to show above the grid (null clears the cell's earlier one). */
  onProblem: (error: unknown) => void;
}

/** One month's spend on one source: typed in the currency, saved on blur or Enter, emptied to remove; Escape undoes. */
export function SpendCell({ sourceId, month, amount, fmt, label, onSaved, onProblem }: Props) {
  const { t } = useTranslation();
  const shown = amount === null ? '' : fmt.amountInput(amount);
  const [text, setText] = useState(shown);
  const [state, setState] = useState<State>('idle');
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setText(shown);
  }, [shown]);

  const commit = async () => {
    editing.current = false;
    const parsed = parseAmount(text, fmt.minorDigits);
    if (parsed === undefined) {
      setState('error');
      onProblem(new ApiClientError({ code: 'VALIDATION', message: t('reports.spend.invalid', { value: text.trim(), example: fmt.amountInput(123450) }) }));
      return;
    }
    if (parsed === amount) {
      setText(shown);
      if (state === 'error') setState('idle');
      onProblem(null);
      return;
    }
    setState('saving');
    try {
      const saved = await send('costs.set', { sourceId, month, amountMinor: parsed });
      onSaved(saved?.amountMinor ?? null);
      setText(saved ? fmt.amountInput(saved.amountMinor) : '');
      setState('saved');
      onProblem(null);
    } catch (err) {
      setState('error');
      onProblem(err);
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      e.currentTarget.blur();
    } else if (e.key === 'Escape') {
      editing.current = false;
      setText(shown);
      setState('idle');
      onProblem(null);
    }
  };

  return (
    <td className={`spend-cell spend-${state}`} data-testid="spend-cell" data-source-id={sourceId} data-month={month}>
      <input
        value={text}
        inputMode="decimal"
        aria-label={label}
        aria-invalid={state === 'error'}
        onChange={(e) => {
          editing.current = true;
          setText(e.target.value);
        }}
        onBlur={() => void commit()}
        onKeyDown={onKey}
        disabled={state === 'saving'}
        data-testid="spend-input"
      />
    </td>
  );
}
