/**
 * One notice page rendered to PNG with pdftoppm (Debian poppler-utils, installed by the test
 * set-up), saved under test/artifacts/ so a person can look at it: the Spanish NC 3 of C1.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderNotice } from '../../../activities';

describe('notice rendered for people', () => {
  it('renders the Spanish NC 3 first page to a PNG', async () => {
    const notice = await renderNotice({
      caseId: 'case-c1',
      studentId: 'c1',
      form: 'NC 3',
      language: 'es',
      recipientRole: 'parent',
      issuedOn: '2026-10-14',
      processId: 'initial-evaluation#1',
      deadlines: [{ rule: 'consent-response', due: '2026-10-29', actBy: '2026-10-29', explanation: ['Respuesta de los padres: 15 días desde 2026-10-14 (L726).'] }],
    });
    const dir = join(process.cwd(), 'test/artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'nc3-es.pdf'), notice.pdf);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, 'nc3-es.pdf'), join(dir, 'nc3-es')]);
    const png = readFileSync(join(dir, 'nc3-es.png'));
    // PNG signature, and an IHDR of a portrait page (US Letter at 80 dpi: 680 × 880).
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBe(680);
    expect(height).toBe(880);
  });
});
