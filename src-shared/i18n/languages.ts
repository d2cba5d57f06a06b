import { z } from 'zod';

export const UI_LANGUAGES = ['en', 'pl'] as const;
export const uiLanguageSchema = z.enum(UI_LANGUAGES);
export type UiLanguage = z.infer<typeof uiLanguageSchema>;
