import { z } from 'zod';
import { newPasswordSchema, usernameSchema } from '../forms/fields';
import { uiLanguageSchema } from '../i18n/languages';
import type { Permission } from '../settings/types';

export const ROLES = ['advisor', 'manager', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** What the renderer learns about the signed-in user. The main process owns the session. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  uiLanguage: z.infer<typeof uiLanguageSchema>;
  /** Granted rights in force (see users/permissions.ts). */
  permissions: Permission[];
}

export const signInInput = z
  .object({
    username: z.string().trim().min(1, 'Enter your user name').max(100),
    password: z.string().min(1, 'Enter your password').max(200),
  })
  .strict();

export const createFirstAdminInput = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1, 'Enter a name').max(100),
    password: newPasswordSchema,
  })
  .strict();

export const setLanguageInput = z.object({ language: uiLanguageSchema }).strict();
