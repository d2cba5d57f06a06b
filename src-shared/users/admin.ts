import { z } from 'zod';
import { newPasswordSchema, usernameSchema } from '../forms/fields';
import { PERMISSIONS, type Permission } from '../settings/types';
import { roleSchema, type Role } from './types';

const id = z.string().min(1).max(64);
const languages = z.array(z.string().trim().toLowerCase().regex(/^[a-z]{2}$/, 'Use two-letter language codes (pl, en, uk)')).max(10);
const password = newPasswordSchema;

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  languages: string[];
  active: boolean;
  permissions: Permission[];
  createdAt: number;
}

export const userCreateInput = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1, 'Enter a name').max(100),
    email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().email('This does not look like an e-mail address').max(254).optional()),
    role: roleSchema,
    languages: languages.default(['pl']),
    password,
  })
  .strict();

export const userUpdateInput = z
  .object({
    id,
    displayName: z.string().trim().min(1, 'Enter a name').max(100).optional(),
    email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().email('This does not look like an e-mail address').max(254).nullable().optional()),
    role: roleSchema.optional(),
    languages: languages.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const userPasswordInput = z.object({ id, password }).strict();

export interface GrantRow {
  id: string;
  userId: string;
  userName: string;
  permission: Permission;
  grantedByName: string | null;
  grantedAt: number;
  confirmedByName: string;
  confirmedByEmail: string;
  confirmedAt: number;
  reference: string | null;
  revokedAt: number | null;
  revokedByName: string | null;
}

/** A right granted on a decision-maker's confirmation, recorded with who confirmed, how and when. */
export const grantInput = z
  .object({
    userId: id,
    permission: z.enum(PERMISSIONS),
    confirmedByName: z.string().trim().min(1, 'Who confirmed it?').max(100),
    confirmedByEmail: z.string().trim().email('The e-mail address of the person who confirmed it').max(254),
    confirmedAt: z.number().int().positive('When was it confirmed?'),
    reference: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(300).optional()),
  })
  .strict();

export const grantIdInput = z.object({ id }).strict();
