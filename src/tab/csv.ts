import type { AuditEvent } from '../domain/model.js';

const COLUMNS = ['time', 'event', 'by', 'by_id', 'subject', 'before', 'after'] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break. A cell that a spreadsheet
 * would read as a formula (=, +, -, @, tab, carriage return first) gets a leading apostrophe, so opening
 * the file never runs what someone typed into a name or a note.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const json = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

/** The audit history as a spreadsheet opens it: a byte order mark (for Excel), a header row, CRLF lines. */
export function auditCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((e) => [e.at, e.type, e.actor.name, e.actor.aadObjectId, e.subject, json(e.before), json(e.after)]);
  return `\uFEFF${[COLUMNS, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
