import { z } from 'zod';

export interface NotificationItem {
  id: string;
  /** e.g. "lead.linked": a lead was linked to a client this user is responsible for. */
  kind: string;
  data: Record<string, unknown>;
  leadId: string | null;
  clientId: string | null;
  readAt: number | null;
  createdAt: number;
}

export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}

/** No ids: mark every unread notification read. */
export const markReadInput = z.object({ ids: z.array(z.string().min(1).max(64)).max(500).optional() }).strict();
