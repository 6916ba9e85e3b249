import type { AuditEvent } from '../../domain/model.js';
import type { HistoryPage } from '../../domain/profile.js';
import { en } from '../../i18n/en.js';
import type { MessageKey } from '../../i18n/index.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

const known = (key: string): key is MessageKey => key in en;

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** "Display name: Contoso → Contoso Ltd", one line per field the event changed. */
function changes(turn: Turn, event: AuditEvent): string[] {
  const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const before = record(event.before);
  const after = record(event.after);
  if (!before && !after) return event.before !== undefined || event.after !== undefined ? [`${show(event.before)} → ${show(event.after)}`] : [];
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const key = `profile.field.${field}`;
    const name = known(key) ? turn.t(key) : field;
    return before ? `${name}: ${show(before[field])} → ${show(after?.[field])}` : `${name}: ${show(after?.[field])}`;
  });
}

export function historyCard(turn: Turn, { events, page, pages }: HistoryPage): AdaptiveCard {
  const { t } = turn;
  return renderCard('history', {
    title: t('history.title'),
    pageText: t('history.page', { page, pages }),
    none: t('history.none'),
    page,
    pages,
    older: t('history.older'),
    newer: t('history.newer'),
    events: events.map((e) => {
      const what = `audit.${e.type}`;
      return {
        line: t('history.line', { who: e.actor.name || e.actor.aadObjectId, what: known(what) ? t(what) : e.type, subject: e.subject }),
        when: formatDate(turn, e.at),
        changes: changes(turn, e),
      };
    }),
  });
}
