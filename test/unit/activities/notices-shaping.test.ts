/**
 * The notices' shaping shortcut (activities/notices/layout.ts): runs remembered across notices
 * and positioning features skipped must give pdf-lib the very glyphs and widths that full
 * shaping gives, for every catalogue line in both languages and for names that exercise
 * substitutions (ligature candidates, combining marks, characters outside Latin-1).
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { noticeFontkit } from '../../../activities/notices/layout';
import { CATALOGUES } from '../../../activities/notices/messages';

const require = createRequire(import.meta.url);
const FONT_FILES = ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'];

const samples = [
  ...Object.values(CATALOGUES).flatMap((catalogue) => Object.values(catalogue)),
  ...Object.values(CATALOGUES).flatMap((catalogue) => Object.values(catalogue).flatMap((line) => line.split(/\s+/))),
  'office affluent fjord ﬁnal', // ligature candidates
  'Nguyễn Thị Ánh, Çelik, Dvořák, Łukasz', // precomposed letters outside Latin-1
  'Jose\u0301 Mun\u0303oz', // combining accents (mark positioning is the skipped part)
  'Ζωή Σαββίδου · Иван Петров · 2026-10-29 (Thursday)',
  'soft\u00adhyphen and zero\u200bwidth',
];

const glyphsOf = (run: { glyphs: Array<{ id: number; advanceWidth: number }> }) => run.glyphs.map((g) => [g.id, g.advanceWidth]);

describe('notice shaping', () => {
  for (const file of FONT_FILES) {
    it(`gives full shaping's glyph ids and widths for ${file.split('/').pop()}`, () => {
      const bytes = readFileSync(require.resolve(file));
      const full = fontkit.create(bytes);
      const remembered = noticeFontkit.create(bytes);
      expect(remembered).not.toBe(full);
      let compared = 0;
      for (const text of samples) {
        expect(glyphsOf(remembered.layout(text)), text).toEqual(glyphsOf(full.layout(text)));
        compared++;
      }
      expect(compared).toBeGreaterThan(200);
      // A second layout of the same text is the remembered run, with the same glyphs.
      expect(remembered.layout(samples[0])).toBe(remembered.layout(samples[0]));
    });
  }

  it('parses each font file once for every notice', () => {
    const bytes = readFileSync(require.resolve(FONT_FILES[0]));
    expect(noticeFontkit.create(bytes)).toBe(noticeFontkit.create(bytes));
  });
});
