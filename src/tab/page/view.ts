import { auditSubject, auditWhat, isMessageKey } from '../../i18n/audit.js';
import type { Locale, MessageKey, Translate } from '../../i18n/index.js';
import type { DashboardData, InvitationData, ProfileFieldData } from '../contract.js';
import { h } from './dom.js';

export interface ViewActions {
  decide(invitation: InvitationData, kind: 'approve' | 'reject', reason: string): void;
  /** Settles when the file is saved or the download failed. */
  downloadHistory(): Promise<void>;
}

export interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

interface Labels {
  readonly t: Translate;
  readonly date: (iso: string) => string;
}


/** The whole dashboard, in the person's language; dates in their own time zone. */
export function dashboardView(data: DashboardData, t: Translate, locale: Locale, actions: ViewActions, notice?: Notice): HTMLElement {
  const format = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const labels: Labels = { t, date: (iso) => format.format(new Date(iso)) };
  return h(
    'div',
    {},
    h('header', { class: 'header' }, h('h1', {}, t('app.name')), h('span', { class: 'muted' }, t('tab.you', { name: data.viewer.name, role: t(`role.${data.viewer.role}`) }))),
    notice && h('p', { class: `notice ${notice.kind}`, role: notice.kind === 'error' ? 'alert' : 'status' }, notice.text),
    h(
      'div',
      { class: 'grid' },
      checklistCard(data, labels),
      invitationsCard(data, labels, actions),
      profileCard(data, labels),
      membersCard(data, labels),
      historyCard(data, labels, actions),
    ),
  );
}

function checklistCard({ checklist }: DashboardData, { t, date }: Labels): HTMLElement {
  const bar = h('span');
  bar.style.width = `${Math.round((100 * checklist.done) / checklist.total)}%`;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'checklist-title' },
    h('h2', { id: 'checklist-title' }, t('prereq.title')),
    h('div', { class: 'muted', 'data-testid': 'progress' }, t('prereq.progress', { done: checklist.done, total: checklist.total })),
    h('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(checklist.total), 'aria-valuenow': String(checklist.done) }, bar),
    h(
      'ol',
      { class: 'steps' },
      checklist.steps.map((step) =>
        h(
          'li',
          { class: step.done ? 'done' : '' },
          h('span', { class: 'mark', 'aria-label': t(step.done ? 'prereq.status.done' : 'prereq.status.open') }, step.done ? '✓' : ''),
          h('a', { href: step.link, target: '_blank', rel: 'noopener' }, t('prereq.stepTitle', { number: step.number, title: t(`prereq.step.${step.id}.title`) })),
          h(
            'small',
            {},
            [t(step.required ? 'prereq.required' : 'prereq.recommended'), step.by && step.done ? t('prereq.doneBy', { name: step.by.name, date: date(step.by.at) }) : '']
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      ),
    ),
  );
}

function profileValue({ field, value }: ProfileFieldData, t: Translate): string {
  if (field === 'devCenterStatus') return t(value === 'linked' ? 'profile.devCenter.linked' : 'profile.devCenter.notLinked');
  return value || t('profile.notSet');
}

function profileCard({ profile }: DashboardData, { t, date }: Labels): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'profile-title' },
    h('h2', { id: 'profile-title' }, t('profile.title')),
    profile
      ? [
          h(
            'dl',
            { 'data-testid': 'profile' },
            profile.fields.flatMap((f) => {
              const key = `profile.field.${f.field}`;
              return [h('dt', {}, isMessageKey(key) ? t(key) : f.field), h('dd', {}, profileValue(f, t))];
            }),
          ),
          profile.updatedBy &&
            h('p', { class: 'muted' }, t('profile.updatedBy', { name: profile.updatedBy.name, date: date(profile.updatedBy.at), version: profile.version })),
        ]
      : h('p', { class: 'muted' }, t('profile.none')),
  );
}

/** Members listed until the person asks for all: a big organization's list would push the history far down. */
const MEMBERS_SHOWN = 25;

function membersCard({ members }: DashboardData, { t }: Labels): HTMLElement {
  const row = (m: DashboardData['members'][number]) =>
    h(
      'li',
      {},
      h('div', { class: 'who' }, h('strong', {}, m.displayName && m.displayName !== m.email ? m.displayName : m.email), h('div', { class: 'muted' }, m.email)),
      h(
        'div',
        { class: 'chips' },
        h('span', { class: `chip ${m.role}` }, t(`role.${m.role}`)),
        h('span', { class: 'chip' }, t(`status.${m.status}`)),
        m.type === 'servicePrincipal' && h('span', { class: 'chip' }, t('members.type.servicePrincipal')),
      ),
    );
  const list = h('ul', { class: 'rows', 'data-testid': 'members', tabindex: '-1' }, members.slice(0, MEMBERS_SHOWN).map(row));
  const showAll = members.length > MEMBERS_SHOWN && h('button', { type: 'button', class: 'more' }, t('tab.members.showAll', { count: members.length }));
  if (showAll) {
    showAll.addEventListener('click', () => {
      list.replaceChildren(...members.map(row));
      showAll.remove();
      // The button is gone: focus stays in the card, on the list it opened.
      list.focus();
    });
  }
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'members-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'members-title' }, t('members.title')), h('span', { class: 'muted' }, t('tab.members.count', { count: members.length }))),
    list,
    showAll,
  );
}

function invitationsCard({ invitations, viewer }: DashboardData, { t, date }: Labels, actions: ViewActions): HTMLElement {
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'invitations-title' },
    h('h2', { id: 'invitations-title' }, t('tab.invitations.title')),
    invitations.length
      ? h(
          'ul',
          { class: 'rows', 'data-testid': 'invitations' },
          invitations.map((invitation) => {
            const reason = h('input', { type: 'text', maxlength: '500', placeholder: t('invite.field.reason'), 'aria-label': t('invite.field.reason') });
            const button = (kind: 'approve' | 'reject') => {
              const b = h('button', { type: 'button', class: kind === 'approve' ? 'primary' : '' }, t(`invite.action.${kind}`));
              b.addEventListener('click', () => actions.decide(invitation, kind, reason.value));
              return b;
            };
            return h(
              'li',
              { 'data-invitation': invitation.id },
              h(
                'div',
                { class: 'who' },
                h('strong', {}, invitation.email),
                ' ',
                h('span', { class: `chip ${invitation.role}` }, t(`role.${invitation.role}`)),
                h('div', { class: 'muted' }, t('tab.invitation.asked', { name: invitation.requestedBy, date: date(invitation.requestedAt), expires: date(invitation.expiresAt) })),
                invitation.note && h('div', {}, invitation.note),
              ),
              viewer.canDecide && h('div', { class: 'actions' }, reason, button('approve'), button('reject')),
            );
          }),
        )
      : h('p', { class: 'muted' }, t('tab.invitations.none')),
  );
}

function historyCard({ history }: DashboardData, { t, date }: Labels, actions: ViewActions): HTMLElement {
  const download = h('button', { type: 'button' }, t('tab.history.download'));
  // A long history takes a while: a second click would only be told the first is still running.
  download.addEventListener('click', () => {
    download.disabled = true;
    void actions.downloadHistory().finally(() => (download.disabled = false));
  });
  return h(
    'section',
    { class: 'card wide', 'aria-labelledby': 'history-title' },
    h('div', { class: 'section-head' }, h('h2', { id: 'history-title' }, t('history.title')), download),
    history.events.length
      ? [
          h('p', { class: 'muted' }, t('tab.history.latest', { shown: history.events.length, total: history.total })),
          h(
            'table',
            { 'data-testid': 'history' },
            h(
              'tbody',
              {},
              history.events.map((e) =>
                h('tr', {}, h('td', { class: 'muted' }, date(e.at)), h('td', {}, h('strong', {}, e.who)), h('td', {}, auditWhat(t, e)), h('td', {}, auditSubject(t, e))),
              ),
            ),
          ),
        ]
      : h('p', { class: 'muted' }, t('history.none')),
  );
}
