import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeadPriority, LeadQualification } from '../../src-shared';
import { send } from '../api/client';
import { useNotify, useReportError } from '../shell/notices';

/** Triage calls that report their own failures and confirm what was done (with Undo where it makes sense). */
export function useLeadActions() {
  const { t } = useTranslation();
  const report = useReportError();
  const notify = useNotify();

  const restore = useCallback(
    async (ids: string[]) => {
      try {
        const { changed } = await send('leads.restore', { ids });
        notify({ text: t('actions.restored', { count: changed.length }) });
        return true;
      } catch (err) {
        report(err);
        return false;
      }
    },
    [t, notify, report],
  );

  return useMemo(
    () => ({
      /** Throws, so the dialog that asked can show the error next to the reason. */
      async remove(ids: string[], reasonId: string, comment: string) {
        const { changed } = await send('leads.delete', { ids, reasonId, ...(comment.trim() ? { comment } : {}) });
        notify({ text: t('actions.deleted', { count: changed.length }), action: { label: t('actions.undo'), run: () => void restore(changed) } });
      },
      restore,
      /** Throws, for the assign dialog; the one-key "take" reports through notices instead. */
      async assign(ids: string[], assigneeId: string | null, name: string | null) {
        const { changed } = await send('leads.assign', { ids, assigneeId });
        notify({ text: name ? t('actions.assigned', { count: changed.length, name }) : t('actions.unassigned', { count: changed.length }) });
      },
      async take(ids: string[], myId: string) {
        try {
          const { changed } = await send('leads.assign', { ids, assigneeId: myId });
          notify({ text: t('actions.taken', { count: changed.length }) });
        } catch (err) {
          report(err);
        }
      },
      async setPriority(ids: string[], priority: LeadPriority) {
        await send('leads.setPriority', { ids, priority }).catch(report);
      },
      async setQualification(ids: string[], qualification: LeadQualification | null) {
        await send('leads.setQualification', { ids, qualification }).catch(report);
      },
    }),
    [t, notify, report, restore],
  );
}

export type LeadActions = ReturnType<typeof useLeadActions>;
