import { z } from 'zod';
import { optionalEmail, optionalText } from '../forms/fields';
import { leadPrioritySchema, leadQualificationSchema } from './types';


/**
 * A lead typed in by hand (phone call, walk-in). The phone's validity depends on the office's default region,
 * so the service checks it; this schema checks everything else, in the form and again at the boundary.
 */
export const leadCreateInput = z
  .object({
    sourceId: z.string({ error: 'Choose where the lead came from' }).min(1, 'Choose where the lead came from').max(64),
    investmentId: optionalText(64),
    firstName: optionalText(100),
    lastName: optionalText(100),
    phone: optionalText(40),
    email: optionalEmail(),
    message: optionalText(5000),
    language: optionalText(10),
    consentDataProcessing: z.boolean().default(false),
    consentMarketingEmail: z.boolean().default(false),
    consentMarketingPhone: z.boolean().default(false),
    priority: leadPrioritySchema.default('standard'),
    qualification: leadQualificationSchema.optional(),
    /** Omit to assign to yourself (advisors) or leave unassigned (managers). */
    assigneeId: z.string().max(64).nullable().optional(),
  })
  .strict()
  .superRefine((lead, ctx) => {
    if (!lead.phone && !lead.email) {
      const message = 'Give a phone number or an e-mail address, so someone can answer';
      ctx.addIssue({ code: 'custom', path: ['phone'], message });
      ctx.addIssue({ code: 'custom', path: ['email'], message });
    }
  });
export type LeadCreateInput = z.input<typeof leadCreateInput>;
export type LeadCreateArgs = z.output<typeof leadCreateInput>;
