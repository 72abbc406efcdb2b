import { describe, expect, it } from 'vitest';
import { NOTICE_TEMPLATES } from '../../../activities/notices/forms';
import { CATALOGUES, SUPPORTED_LANGUAGES } from '../../../activities/notices/messages';
import { allMessageKeys } from '../../../activities/notices/messages/keys';

const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();

describe('notice message catalogues', () => {
  it('registers English and Spanish', () => {
    expect(SUPPORTED_LANGUAGES).toEqual(['en', 'es']);
  });

  for (const language of SUPPORTED_LANGUAGES) {
    it(`${language} has exactly the shared keys, none empty, with English's placeholders`, () => {
      const catalogue = CATALOGUES[language] as Record<string, string>;
      const keys = allMessageKeys();
      expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        expect(catalogue[key]?.trim().length, `${language} ${key}`).toBeGreaterThan(0);
        expect(placeholders(catalogue[key]), `${language} ${key}`).toEqual(placeholders((CATALOGUES.en as Record<string, string>)[key]));
      }
    });
  }

  it('Spanish is a translation, not a copy of English', () => {
    const same = allMessageKeys().filter((k) => k.startsWith('body.') && CATALOGUES.es[k] === CATALOGUES.en[k]);
    expect(same).toEqual([]);
  });

  it('every template names keys that exist', () => {
    const keys = new Set<string>(allMessageKeys());
    for (const [form, template] of Object.entries(NOTICE_TEMPLATES)) {
      for (const key of [...template!.body, ...(template!.choices ?? []), ...(template!.after ?? [])]) expect(keys.has(key), `${form} ${key}`).toBe(true);
    }
  });
});
