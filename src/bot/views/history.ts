import type { HistoryPage } from '../../domain/profile.js';
import { auditChanges, auditSubject, auditWhat } from '../../i18n/audit.js';
import { formatDate } from '../format.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

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
      line: t('history.line', { who: e.actor.name || e.actor.aadObjectId, what: auditWhat(t, e), subject: auditSubject(t, e.subject) }),
      when: formatDate(turn, e.at),
      changes: auditChanges(t, e),
    })),
  });
}
