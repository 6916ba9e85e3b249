import type { AuditEvent } from '../domain/model.js';

const COLUMNS = ['time', 'event', 'by', 'by_id', 'subject', 'before', 'after'] as const;

/**
 * Where a spreadsheet may start a new cell inside ours: at the start, and, in Excel set to a language whose
 * list separator is a semicolon (Swedish among them), after a semicolon or a line break, since it splits
 * this comma-separated file there. A formula character (=, +, -, @, tab, carriage return) in such a place,
 * after a semicolon or line break also with quotes or spaces before it (such a reader may take `;""=` as
 * a cell starting with `=`), gets an apostrophe in front of the cell, so opening the file never runs what
 * someone typed into a name or a note.
 */
const CELL_STARTING_FORMULA = /^(?=[=+\-@\t\r])|[;\r\n](?=(?:"|[^\S\r\n])*[=+\-@\t\r])/g;

/** One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break; formulas defused. */
export function csvCell(value: string): string {
  const safe = value.replace(CELL_STARTING_FORMULA, "$&'");
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const json = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));
const line = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * The audit history as a spreadsheet opens it, one piece per page of events: a byte order mark (for
 * Excel) and a header row first, then CRLF lines.
 */
export async function* auditCsv(pages: AsyncIterable<readonly AuditEvent[]>): AsyncGenerator<string> {
  yield `\uFEFF${line(COLUMNS)}`;
  for await (const events of pages) {
    yield events.map((e) => line([e.at, e.type, e.actor.name, e.actor.aadObjectId, e.subject, json(e.before), json(e.after)])).join('');
  }
}
