import { z } from 'zod';

/** Form fields arrive as strings; an empty one means "not given". */
const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const optionalText = (max: number) => z.preprocess(emptyAsUndefined, z.string().trim().max(max, `At most ${max} characters`).optional());

export const optionalEmail = () =>
  z.preprocess(emptyAsUndefined, z.string().trim().max(254).email('This does not look like an e-mail address (name@example.com)').optional());

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'At least 3 characters')
  .max(50)
  .regex(/^[a-z0-9._-]+$/i, 'Use letters, digits, dots, dashes or underscores');

export const newPasswordSchema = z.string().min(8, 'At least 8 characters').max(200);
