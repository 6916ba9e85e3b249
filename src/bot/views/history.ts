import type { HistoryPage } from '../../domain/profile.js';
import { auditChanges, auditSubject, auditWhat } from '../../i18n/audit.js';
import { formatDate } from '../format.js';
import type { Translate } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

/**
 * Bytes of change lines one event may show, each line counted as JSON (quotes and control characters
 * escaped) with the TextBlock around it: ten events of long profile saves would otherwise pass the ~28 KB
 * Teams takes in a message. The CSV in the tab has every value in full.
 */
const CHANGES_BYTES_PER_EVENT = 1_600;
const LINE_OVERHEAD_BYTES = 100;

/** The event's change lines that fit its share of the card, and a line saying how many were left out. */
function changesShown(t: Translate, lines: readonly string[]): string[] {
  let used = 0;
  const fit = lines.findIndex((line) => (used += Buffer.byteLength(JSON.stringify(line)) + LINE_OVERHEAD_BYTES) > CHANGES_BYTES_PER_EVENT);
  if (fit === -1) return [...lines];
  const kept = Math.max(1, fit);
  return [...lines.slice(0, kept), t('history.moreChanges', { count: lines.length - kept })];
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
    events: events.map((e) => ({
      line: t('history.line', { who: e.actor.name || e.actor.aadObjectId, what: auditWhat(t, e), subject: auditSubject(t, e) }),
      when: formatDate(turn, e.at),
      changes: changesShown(t, auditChanges(t, e)),
    })),
  });
}
