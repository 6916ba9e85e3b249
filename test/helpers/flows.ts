// Steps many tests need before the part they are about: an organization set up, its checklist done,
// and people with roles who have talked to the bot (so it can reach them in their 1:1 chat).
import type { Person } from './people.js';
import type { BotClient } from './server.js';

/** A valid profile form, as Contoso's Owners fill it in. */
export const VALID_PROFILE = {
  publisherId: 'contoso-apps',
  displayName: 'Contoso Apps',
  ownerEmails: 'olivia@contoso.com, oscar@contoso.com',
  contactName: 'Olivia Owner',
  contactEmail: 'publishing@contoso.com',
  phone: '+46 8 123 456',
  website: 'https://contoso.com',
  devCenterStatus: 'linked',
  devCenterAccountName: 'Contoso AB',
  devCenterOwnerEmail: 'olivia@contoso.com',
  firstOfferPublishedOn: '',
};

/** Valid inputs for every checklist step. */
export const VALID_STEPS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  mpn: { mpnId: '4512345' },
  account: { accountEmail: 'publishing@outlook.com' },
  registration: { submittedOn: '2026-11-20', offerType: 'saasApplications', audience: 'businessUsers' },
  portal: { signedInOn: '2026-11-24' },
  devCenter: { devCenterEmail: 'publishing@outlook.com', accountType: 'company' },
};

export async function completeChecklist(bot: BotClient, member: Person): Promise<void> {
  await bot.click(member, 'prereq.transact', { answer: 'yes' });
  for (const [step, inputs] of Object.entries(VALID_STEPS)) {
    const answer = await bot.click(member, 'prereq.update', { step, ...inputs });
    if (answer.body?.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`step ${step}: ${JSON.stringify(answer.body)}`);
  }
}

/**
 * An organization ready for invitations: `owner` set it up and finished the checklist; each of `others`
 * was invited by the owner with the given role and has said hello, which makes them active.
 */
export async function organization(bot: BotClient, owner: Person, others: readonly [Person, 'owner' | 'contributor'][] = []): Promise<void> {
  await bot.say(owner, 'setup');
  await completeChecklist(bot, owner);
  for (const [person, role] of others) {
    await bot.say(owner, `invite ${person.email} as ${role}`);
    await bot.say(person, 'hello');
  }
}
