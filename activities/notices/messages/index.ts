/**
 * The registered notice languages. Adding one = one catalogue file typed `Catalogue` plus a
 * line here; the request schema and the tests pick it up from SUPPORTED_LANGUAGES.
 */
import { en } from './en';
import { es } from './es';
import type { Catalogue } from './keys';

export const CATALOGUES = { en, es } as const satisfies Record<string, Catalogue>;
export type NoticeLanguage = keyof typeof CATALOGUES;
export const SUPPORTED_LANGUAGES = Object.keys(CATALOGUES) as NoticeLanguage[];

export function isSupportedLanguage(code: string): code is NoticeLanguage {
  return Object.prototype.hasOwnProperty.call(CATALOGUES, code);
}

export function catalogueFor(language: NoticeLanguage): Catalogue {
  return CATALOGUES[language];
}
