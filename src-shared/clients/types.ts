import { z } from 'zod';
import { optionalEmail, optionalText } from '../forms/fields';
import type { MatchReason } from './matching';
import type { LeadStatus } from '../leads/types';
import type { ActivityState, ActivityType } from '../activities/types';

export const PIPELINE_STAGES = ['new', 'in_progress', 'offer', 'reservation', 'won', 'lost', 'postponed'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

const id = z.string().min(1).max(64);

/** An existing client who may be the person behind a lead, and why. */
export interface ClientCandidate extends Omit<ClientRow, 'id'> {
  clientId: string;
  /** Leads already linked to this client. */
  leadCount: number;
  score: number;
  strong: boolean;
  reasons: MatchReason[];
}

export const candidatesInput = z.object({ leadId: id }).strict();

/** The wizard's starting point: candidates strongest first; strong ones (same phone or e-mail) before name-only ones. */
export interface CandidateList {
  candidates: ClientCandidate[];
}


/** The client form (new from a lead, or editing): names, contact, origin, preferences, consents, owner. */
export const clientFieldsSchema = z
  .object({
    firstName: optionalText(100),
    lastName: optionalText(100),
    phone: optionalText(40),
    email: optionalEmail(),
    originSourceId: optionalText(64),
    preferredInvestmentId: optionalText(64),
    description: optionalText(5000),
    consentDataProcessing: z.boolean().default(false),
    consentMarketingEmail: z.boolean().default(false),
    consentMarketingPhone: z.boolean().default(false),
    /** The salesperson responsible; omitted = the lead's assignee, else whoever converts. */
    ownerUserId: optionalText(64),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.firstName && !c.lastName) ctx.addIssue({ code: 'custom', path: ['lastName'], message: 'Give the client a name' });
    if (!c.phone && !c.email) {
      const message = 'Give a phone number or an e-mail address';
      ctx.addIssue({ code: 'custom', path: ['phone'], message });
      ctx.addIssue({ code: 'custom', path: ['email'], message });
    }
  });
export type ClientFields = z.output<typeof clientFieldsSchema>;
export type ClientFieldsInput = z.input<typeof clientFieldsSchema>;

export const leadLinkInput = z.object({ leadId: id, clientId: id, notifyOwner: z.boolean().default(true) }).strict();
export const leadConvertInput = z.object({ leadId: id, client: clientFieldsSchema }).strict();
export const clientUpdateInput = z.object({ id, client: clientFieldsSchema }).strict();
export const clientIdInput = z.object({ id }).strict();

export const clientListInput = z
  .object({
    search: z.string().max(200).optional(),
    ownerId: id.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(1000).optional(),
  })
  .strict();

export interface ClientRow {
  /** Latest done activity of any kind. */
  lastContactAt?: number | null;
  /** No contact for the office's "cold after" days, and neither won nor lost. */
  cold?: boolean;
  id: string;
  firstName: string | null;
  lastName: string | null;
  phoneE164: string | null;
  phoneRaw: string | null;
  email: string | null;
  ownerId: string | null;
  ownerName: string | null;
  stage: PipelineStage;
  createdAt: number;
}

export interface ClientPage {
  rows: ClientRow[];
  nextCursor: string | null;
}

export interface ClientLeadRow {
  id: string;
  status: LeadStatus;
  receivedAt: number;
  sourceName: string;
  investmentName: string | null;
  /** How this lead is tied to the client. */
  linkKind: 'linked' | 'converted';
  linkedAt: number;
  linkedByName: string | null;
}

export interface ActivityRow {
  id: string;
  type: ActivityType;
  state: ActivityState;
  userName: string | null;
  dueAt: number | null;
  doneAt: number | null;
  outcome: string | null;
  notes: string | null;
  createdAt: number;
}

/**
 * The stored times the response metrics are measured between (minutes are computed where shown, so a running
 * timer can tick): lead received -> client created; client created -> first call, e-mail, meeting done.
 */
export interface ClientSla {
  leadReceivedAt: number | null;
  clientCreatedAt: number;
  firstCallAt: number | null;
  firstEmailAt: number | null;
  firstMeetingAt: number | null;
}

export interface StageChange {
  fromStage: PipelineStage;
  toStage: PipelineStage;
  lostReason: string | null;
  at: number;
  userName: string | null;
}

export const clientStageInput = z
  .object({ id, stage: z.enum(PIPELINE_STAGES), lostReason: z.string().trim().max(80).optional() })
  .strict();

export interface ClientDetail extends ClientRow {
  sla: ClientSla;
  stageHistory: StageChange[];
  originSourceId: string | null;
  originSourceName: string | null;
  preferredInvestmentId: string | null;
  preferredInvestmentName: string | null;
  description: string | null;
  consentDataProcessing: boolean;
  consentMarketingEmail: boolean;
  consentMarketingPhone: boolean;
  createdByName: string | null;
  updatedAt: number;
  leads: ClientLeadRow[];
  activities: ActivityRow[];
}

/** What converting a lead did: the new client, and the call planned for its owner when it has a phone. */
export interface ConversionResult {
  clientId: string;
  plannedCall: { activityId: string; userName: string | null; dueAt: number } | null;
}

export const unlinkPreviewInput = z.object({ leadId: id }).strict();

/** What unlinking this lead would leave behind, so the app can ask about a client made from it. */
export interface UnlinkPreview {
  leadId: string;
  clientId: string;
  clientName: string;
  /** The client was created from this lead (converted) and has no other lead: keep it, or delete it? */
  askAboutClient: boolean;
  /** Deleting is offered only for a client nothing was done with yet (no done activities). */
  canDeleteClient: boolean;
  doneActivities: number;
  plannedActivities: number;
}

export const leadUnlinkInput = z
  .object({
    leadId: id,
    reason: z.string().trim().min(3, 'Say why the lead was linked wrongly').max(1000),
    /** Required when the preview asks about the client. */
    clientAction: z.enum(['keep', 'delete']).optional(),
  })
  .strict();
