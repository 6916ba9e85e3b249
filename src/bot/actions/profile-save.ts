import { z } from 'zod';
import { openProfileForm, saveProfile, viewProfile } from '../../domain/profile.js';
import { UniqueViolation } from '../../store/store.js';
import { defineAction, type ActionResult } from '../registry.js';
import type { Turn } from '../turn.js';
import { audienceOf } from '../views/audience.js';
import { profileCard, profileConflictCard, profileFormCard } from '../views/profile.js';

export const profileSave = defineAction({
  verb: 'profile.save',
  // "version" comes from the form's Save button; the inputs are strings whose rules are the domain's.
  data: z.object({ version: z.coerce.number().int().min(0) }).catchall(z.string().max(1000)),
  async run(turn, { version, ...inputs }, invoke) {
    const result = await save(turn, inputs, version);
    if (!('notice' in result)) return result;
    const view = await turn.store.read(turn.tenantId, (t) => viewProfile(t, turn.person));
    // Everyone in the chat sees the saved profile; the Owner who saved keeps their own view, with Edit.
    const { notice } = result;
    await invoke.updateForEveryone(async () => profileCard(turn, view, { notice, audience: await audienceOf(turn, { posted: true }) }));
    return { card: profileCard(turn, view, { notice, audience: await audienceOf(turn, { posted: false }) }) };
  },
});

async function save(turn: Turn, inputs: Record<string, string>, version: number): Promise<ActionResult | { notice: string }> {
  try {
    const result = await turn.store.write(turn.tenantId, (t) => saveProfile(t, turn.person, inputs, version, turn.now(), turn.today()));
    switch (result.outcome) {
      case 'refused':
        return { error: { status: 403, message: turn.t(result.key) } };
      case 'invalid':
        return { card: profileFormCard(turn, result.form, inputs, result.errors) };
      case 'conflict':
        return { card: profileConflictCard(turn, result.profile, result.changedSince) };
      case 'saved':
        return { notice: result.changed.length ? turn.t('profile.saved', { version: result.profile.version }) : turn.t('profile.unchanged') };
    }
  } catch (error) {
    // Another organization took the publisher ID between our check and the commit.
    if (!(error instanceof UniqueViolation)) throw error;
    const form = await turn.store.read(turn.tenantId, (t) => openProfileForm(t, turn.person));
    return { card: profileFormCard(turn, form, inputs, { publisherId: 'profile.error.publisherIdTaken' }) };
  }
}
