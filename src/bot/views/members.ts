import { lastOwnerAmong, matchingMembers } from '../../domain/members.js';
import type { Member } from '../../domain/model.js';
import { can } from '../../domain/roles.js';
import type { InvokeInfo } from '../registry.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';
import { memberLabel } from '../format.js';
import { audienceOf, type Audience } from './audience.js';

/** Members a card shows at once: a long list would pass the size Teams allows for a card. */
const MEMBERS_PER_PAGE = 10;

export interface MembersCardOptions {
  readonly page?: number;
  /** Text the list is narrowed to (an email or a name, or part of one). */
  readonly filter?: string;
  readonly notice?: string;
  /** Unset in a 1:1 chat: the card is the viewer's own. */
  readonly audience?: Audience;
}

export function membersCard(turn: Turn, members: readonly Member[], viewer: Member, { page = 1, filter = '', notice = '', audience }: MembersCardOptions = {}): AdaptiveCard {
  const { t } = turn;
  const shown = matchingMembers(members, filter);
  const pages = Math.max(1, Math.ceil(shown.length / MEMBERS_PER_PAGE));
  // The last Owner can be neither demoted nor removed, so their row offers neither.
  const isLastOwner = lastOwnerAmong(members);
  const current = Math.min(Math.max(1, page), pages);
  return renderCard('members', {
    title: t('members.title'),
    count: filter
      ? t('members.countMatching', { count: shown.length, total: members.length, filter, page: current, pages })
      : t('members.count', { count: members.length, page: current, pages }),
    notice,
    page: current,
    pages,
    filter,
    canManage: !audience?.everyone && can(viewer.role, 'member.changeRole'),
    forEveryone: audience?.everyone ?? false,
    refreshUserIds: audience?.refreshUserIds ?? [],
    labels: { remove: t('members.remove'), next: t('list.next'), previous: t('list.previous'), options: t('card.showMyOptions') },
    members: shown.slice((current - 1) * MEMBERS_PER_PAGE, current * MEMBERS_PER_PAGE).map((m) => ({
      label: memberLabel(m),
      email: m.email,
      details: [t(`role.${m.role}`), t(`status.${m.status}`), t(`members.type.${m.type}`)].join(' · '),
      changeable: !isLastOwner(m),
      otherRole: m.role === 'owner' ? 'contributor' : 'owner',
      roleTitle: t(m.role === 'owner' ? 'members.makeContributor' : 'members.makeOwner'),
    })),
  });
}

/**
 * The list after an Owner changed it from a card: the answer to the click reaches only them, so a list
 * posted in a group chat or channel is updated for everyone there too. Returns the Owner's own view.
 */
export async function changedMembersCard(
  turn: Turn,
  invoke: Pick<InvokeInfo, 'updateForEveryone'>,
  members: readonly Member[],
  viewer: Member,
  options: Omit<MembersCardOptions, 'audience'>,
): Promise<AdaptiveCard> {
  await invoke.updateForEveryone(async () => membersCard(turn, members, viewer, { ...options, audience: await audienceOf(turn, { posted: true }) }));
  return membersCard(turn, members, viewer, { ...options, audience: await audienceOf(turn, { posted: false }) });
}

/** A sentence, then the warning that the profile still names them as an owner email when it does. */
export function withProfileWarning(turn: Turn, sentence: string, email: string, namedInProfile: boolean): string {
  return namedInProfile ? `${sentence} ${turn.t('members.profileNamesThem', { email })}` : sentence;
}

/** What an Owner who removed themselves sees in place of the confirmation: no list, as it is no longer theirs to see. */
export function removedSelfCard(turn: Turn, email: string, namedInProfile: boolean): AdaptiveCard {
  return renderCard('removed-self', {
    title: turn.t('members.removedSelf.title'),
    body: withProfileWarning(turn, turn.t('members.removedSelf', { email }), email, namedInProfile),
  });
}

/** Where the list was when Remove was clicked, to go back to it whatever the answer. */
export interface ListPlace {
  readonly page: number;
  readonly filter: string;
}

export function removeConfirmCard(turn: Turn, member: Member, namedInProfile: boolean, place: ListPlace = { page: 1, filter: '' }): AdaptiveCard {
  const { t } = turn;
  return renderCard('remove-confirm', {
    title: t('members.confirm.title', { email: member.email }),
    body: withProfileWarning(turn, t(`members.confirm.body.${member.role}`, { name: member.displayName }), member.email, namedInProfile),
    yes: t('members.confirm.yes'),
    no: t('members.confirm.no'),
    email: member.email,
    ...place,
  });
}
