import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNotify, useReportError } from '../shell/notices';
import { pdfPrinter } from './pdf';

interface Props {
  /** Builds and downloads the CSV; absent when the tab has nothing to export. */
  onExport?: (() => void) | undefined;
  /** File name for the PDF, without the extension. */
  baseName: string;
  disabled?: boolean;
}

/** Export to CSV, Print, and Save as PDF where the Electron shell offers it. */
export function ReportActions({ onExport, baseName, disabled }: Props) {
  const { t } = useTranslation();
  const notify = useNotify();
  const report = useReportError();
  const printPdf = pdfPrinter();
  const [saving, setSaving] = useState(false);

  const savePdf = async () => {
    if (!printPdf) return;
    setSaving(true);
    try {
      const result = await printPdf(baseName);
      if (result.saved && result.path) notify({ text: t('reports.actions.pdfSaved', { path: result.path }) });
    } catch (err) {
      report(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="report-actions">
      {onExport ? (
        <button type="button" className="btn" onClick={onExport} disabled={disabled} data-testid="report-export">
          {t('reports.actions.exportCsv')}
        </button>
      ) : null}
      <button type="button" className="btn" onClick={() => window.print()} disabled={disabled} data-testid="report-print">
        {t('reports.actions.print')}
      </button>
      {printPdf ? (
        <button type="button" className="btn" onClick={() => void savePdf()} disabled={disabled || saving} data-testid="report-pdf">
          {t('reports.actions.pdf')}
        </button>
      ) : null}
    </div>
  );
}
