/**
 * The three RFC 5545 text rules every calendar program checks: TEXT values escape backslash,
 * semicolon, comma and line breaks (§3.3.11); content lines end with CRLF and are folded so no
 * line is longer than 75 octets, a continuation starting with one space, never inside a UTF-8
 * sequence (§3.1); dates are `YYYYMMDD` and UTC times `YYYYMMDDTHHMMSSZ` (§3.3.4, §3.3.5).
 */

const MAX_OCTETS = 75;

/** A TEXT property value (§3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** One content line folded to ≤ 75 octets per physical line, joined with CRLF + space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  // The first physical line holds 75 octets; each continuation holds the leading space + 74.
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** `2026-12-20` → `20261220` (a DATE value). */
export function icsDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not an ISO date: ${iso}`);
  return iso.replace(/-/g, '');
}

/** An instant as a UTC DATE-TIME (`20261202T085400Z`), for DTSTAMP. */
export function icsUtc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Content lines (unfolded, without line ends) → the calendar text, folded, CRLF after each. */
export function icsText(lines: readonly string[]): string {
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}
