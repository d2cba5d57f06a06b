import { z } from 'zod';

export const PERMISSIONS = ['lead.unlink'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const SOURCE_KINDS = ['website', 'portal', 'social', 'phone', 'walk_in', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const loadDemoInput = z.object({}).strict();
