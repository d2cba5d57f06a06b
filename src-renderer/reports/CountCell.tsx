import type { ReportFormat } from './report-format';

/** A count in a report table; a click lists the leads behind it (nothing to list for zero). */
export function CountCell({ value, fmt, onOpen, testId, title }: { value: number; fmt: ReportFormat; onOpen?: (() => void) | undefined; testId?: string; title?: string | undefined }) {
  if (value === 0 || !onOpen) {
    return (
      <span className={value === 0 ? 'zero' : undefined} title={title} data-testid={testId}>
        {fmt.int(value)}
      </span>
    );
  }
  return (
    <button type="button" className="cell-link" onClick={onOpen} title={title} data-testid={testId}>
      {fmt.int(value)}
    </button>
  );
}
