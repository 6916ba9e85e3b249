import type { Turn } from '../turn.js';

/** Teams refreshes a card for 60 users at the most. */
export const MAX_REFRESH_USERS = 60;

/**
 * Whom a card is drawn for. In a 1:1 chat, the person. In a group chat or a channel everyone reads a posted
 * card, so it is drawn with nobody's buttons, and the Owners' clients (with those named in `also`) refresh it
 * into their own view; the answer to a click is the clicker's alone, and keeps refreshing.
 */
export interface Audience {
  /** The card is posted where others read it: it shows what anyone may see, and "Show my options". */
  readonly everyone: boolean;
  readonly refreshUserIds: readonly string[];
}

export async function audienceOf(turn: Turn, { posted, also = [] }: { posted: boolean; also?: readonly string[] }): Promise<Audience> {
  if (turn.conversation.type === 'personal') return { everyone: false, refreshUserIds: [] };
  return { everyone: posted, refreshUserIds: await refreshIdsOf(turn, also) };
}

/** Teams user IDs of the Owners and of the people named (by object ID), as far as the bot knows them. */
export async function refreshIdsOf(turn: Pick<Turn, 'store' | 'tenantId'>, also: readonly string[] = []): Promise<string[]> {
  return turn.store.read(turn.tenantId, async (t) => {
    const owners = (await t.members()).filter((m) => m.role === 'owner' && m.aadObjectId).map((m) => m.aadObjectId!);
    const ids = await Promise.all([...new Set([...owners, ...also])].map(async (id) => (await t.user(id))?.teamsUserId));
    return ids.filter((id): id is string => !!id).slice(0, MAX_REFRESH_USERS);
  });
}
