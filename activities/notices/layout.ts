/**
 * A small flowing-text PDF writer on pdf-lib: US Letter pages, wrapped paragraphs, fields,
 * check boxes, signature lines and a footer on every page. Fonts are DejaVu Sans (regular and
 * bold), embedded as subsets so every Latin character of the catalogues prints (ñ, á, ¿, –, ’).
 *
 * Output is deterministic for the same content: creation/modification dates come from the
 * notice's `issuedOn`, the producer is fixed, and pdf-lib's random resource names (font keys
 * `F-1234567890`) are replaced by a counter, so the SHA-256 of a retried render is the same.
 */
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const require = createRequire(import.meta.url);
let fontBytes: { regular: Uint8Array; bold: Uint8Array } | null = null;

function loadFonts(): { regular: Uint8Array; bold: Uint8Array } {
  fontBytes ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontBytes;
}

type ParsedFont = ReturnType<typeof fontkit.create>;

/**
 * Shaped runs kept per parsed font, across notices. fontkit shapes (GSUB/GPOS lookups) every
 * string pdf-lib measures or draws; profiled in `caseclock simulate` of C1x (27 renders),
 * shaping was ≈ 0.65 s of fontkit's ≈ 1.2 s, while the same catalogue lines and
 * words recur in every notice. A run depends only on the font and the text (pdf-lib passes no
 * features here), so a remembered run gives the very glyphs a fresh one would: the PDF bytes
 * do not depend on what was rendered before (a retried render keeps its SHA-256). Bounded:
 * past the limit the memo starts afresh (names and ids make an open-ended set of strings).
 */
export const LAYOUT_MEMO_LIMIT = 20_000;

/**
 * pdf-lib reads only a run's glyphs (ids, advance widths from `hmtx`), never its positions, so
 * the positioning features (GPOS kerning and mark placement, the legacy `kern` table) are
 * skipped: they were most of the shaping time (class-pair kerning lookups), and the glyph
 * substitutions (GSUB: DejaVu's ff/ffi ligatures, composition) still apply. The glyphs equal
 * full shaping's (test/unit/activities/notices-shaping.test.ts); when this was made, every
 * form in both languages rendered to the same bytes as before.
 */
const POSITIONING_OFF = { kern: false, mark: false, mkmk: false, curs: false, dist: false, abvm: false, blwm: false } as const;

function rememberRuns(font: ParsedFont): ParsedFont {
  const shape = font.layout.bind(font);
  const runs = new Map<string, ReturnType<ParsedFont['layout']>>();
  font.layout = (text, features) => {
    if (features !== undefined) return shape(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= LAYOUT_MEMO_LIMIT) runs.clear();
      run = shape(text, POSITIONING_OFF as unknown as Parameters<ParsedFont['layout']>[1]);
      runs.set(text, run);
    }
    return run;
  };
  return font;
}

/**
 * The fontkit every notice registers: fontkit parses a 700 kB TTF on every `embedFont`; the
 * parsed font is read-only for subset embedding, so one parse per font file serves every
 * render (bytes are the cache key), with its shaped runs remembered (above).
 */
const parsedFonts = new Map<Uint8Array, ParsedFont>();
export const noticeFontkit: typeof fontkit = {
  create(bytes: Uint8Array) {
    let font = parsedFonts.get(bytes);
    if (!font) {
      font = rememberRuns(fontkit.create(bytes));
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

const PAGE: [number, number] = [612, 792];
const MARGIN = 54;
const WIDTH = PAGE[0] - 2 * MARGIN;
const BOTTOM = MARGIN + 28; // room for the footer
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.4, 0.45);

export const PRODUCER = 'caseclock notices 1';

export interface DocumentInfo {
  title: string;
  subject: string;
  language: string;
  /** `YYYY-MM-DD`: the notice date, used as creation and modification date. */
  issuedOn: string;
}

export class NoticeWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly lines: string[] = [];
  private readonly widths = new Map<string, number>();

  private constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  static async create(info: DocumentInfo): Promise<NoticeWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    let counter = 0;
    doc.context.addRandomSuffix = (prefix: string) => `${prefix}-${++counter}`;
    doc.registerFontkit(noticeFontkit);
    const fonts = loadFonts();
    const regular = await doc.embedFont(fonts.regular, { subset: true, customName: 'DejaVuSans' });
    const bold = await doc.embedFont(fonts.bold, { subset: true, customName: 'DejaVuSans-Bold' });
    const stamp = new Date(`${info.issuedOn}T12:00:00Z`);
    doc.setTitle(info.title);
    doc.setSubject(info.subject);
    doc.setLanguage(info.language);
    doc.setProducer(PRODUCER);
    doc.setCreator(PRODUCER);
    doc.setCreationDate(stamp);
    doc.setModificationDate(stamp);
    return new NoticeWriter(doc, regular, bold);
  }

  private newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  private ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  /**
   * Break `text` into lines no wider than `width` (long words are split by characters). Word
   * widths are measured once each; measuring every candidate line made a page cost ~100 ms.
   */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const measure = (t: string) => this.widthOf(font, t, size);
    const space = measure(' ');
    const out: string[] = [];
    let line = '';
    let lineWidth = 0;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const wordWidth = measure(word);
      if (line && lineWidth + space + wordWidth <= width) {
        line = `${line} ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line) out.push(line);
      let rest = word;
      let restWidth = wordWidth;
      while (restWidth > width) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut)) > width) cut--;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        restWidth = measure(rest);
      }
      line = rest;
      lineWidth = restWidth;
    }
    if (line) out.push(line);
    return out;
  }

  /** fontkit shapes text on every measurement; words repeat a lot, so widths are cached. */
  private widthOf(font: PDFFont, text: string, size: number): number {
    const key = `${font === this.bold ? 'b' : 'r'}${size}|${text}`;
    let width = this.widths.get(key);
    if (width === undefined) {
      width = font.widthOfTextAtSize(text, size);
      this.widths.set(key, width);
    }
    return width;
  }

  private drawLines(text: string, opts: { size?: number; bold?: boolean; indent?: number; gap?: number; color?: typeof INK } = {}): void {
    const size = opts.size ?? 10.5;
    const font = opts.bold ? this.bold : this.regular;
    const indent = opts.indent ?? 0;
    const leading = size * 1.35;
    for (const line of this.wrap(text, font, size, WIDTH - indent)) {
      this.ensure(leading);
      this.y -= leading;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: opts.color ?? INK });
    }
    this.y -= opts.gap ?? size * 0.6;
    this.lines.push(text);
  }

  /** Title block: the form code at the right, the title below it in bold. */
  header(formCode: string, title: string): void {
    const size = 10;
    const codeWidth = this.bold.widthOfTextAtSize(formCode, size);
    this.page.drawText(formCode, { x: PAGE[0] - MARGIN - codeWidth, y: this.y - size, size, font: this.bold, color: GREY });
    this.lines.push(formCode);
    this.y -= size + 6;
    this.drawLines(title, { size: 15, bold: true, gap: 4 });
    this.rule();
  }

  rule(): void {
    this.ensure(10);
    this.y -= 4;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE[0] - MARGIN, y: this.y }, thickness: 0.6, color: GREY });
    this.y -= 8;
  }

  spacer(points: number): void {
    this.y -= points;
  }

  heading(text: string): void {
    this.ensure(40);
    this.y -= 4;
    this.drawLines(text, { size: 11.5, bold: true, gap: 3 });
  }

  field(label: string, value: string): void {
    this.drawLines(`${label}: ${value}`, { size: 10.5, gap: 2 });
  }

  paragraph(text: string, opts: { indent?: number; size?: number; bold?: boolean } = {}): void {
    this.drawLines(text, { ...opts, gap: (opts.size ?? 10.5) * 0.7 });
  }

  checkbox(text: string): void {
    const size = 10.5;
    this.ensure(size * 1.5);
    this.page.drawRectangle({ x: MARGIN + 2, y: this.y - size * 1.2, width: 9, height: 9, borderColor: INK, borderWidth: 0.8 });
    this.drawLines(text, { size, indent: 18, gap: 3 });
  }

  signatureLine(label: string, dateLabel: string): void {
    this.ensure(48);
    this.y -= 30;
    const split = MARGIN + WIDTH * 0.68;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: split - 16, y: this.y }, thickness: 0.6, color: INK });
    this.page.drawLine({ start: { x: split, y: this.y }, end: { x: PAGE[0] - MARGIN, y: this.y }, thickness: 0.6, color: INK });
    this.page.drawText(label, { x: MARGIN, y: this.y - 11, size: 8.5, font: this.regular, color: GREY });
    this.page.drawText(dateLabel, { x: split, y: this.y - 11, size: 8.5, font: this.regular, color: GREY });
    this.lines.push(`${label} ${dateLabel}`);
    this.y -= 18;
  }

  /** Plain text of what was drawn (without footers), in order. */
  text(): string {
    return this.lines.join('\n');
  }

  async finish(footer: (page: number, pages: number) => { left: string; right: string }): Promise<{ pdf: Uint8Array; pages: number }> {
    const pages = this.doc.getPages();
    pages.forEach((page, index) => {
      const { left, right } = footer(index + 1, pages.length);
      const size = 8;
      page.drawText(left, { x: MARGIN, y: MARGIN, size, font: this.regular, color: GREY });
      const width = this.regular.widthOfTextAtSize(right, size);
      page.drawText(right, { x: PAGE[0] - MARGIN - width, y: MARGIN, size, font: this.regular, color: GREY });
    });
    const pdf = await this.doc.save({ useObjectStreams: false });
    return { pdf, pages: pages.length };
  }
}
