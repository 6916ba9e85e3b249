import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { channel, groupChat, personalChat } from '../helpers/activities.js';
import { actionsOf, cardOf, cardsOf, textOf, wordsOf } from '../helpers/cards.js';
import { organization, VALID_PROFILE } from '../helpers/flows.js';
import { ana, carl, CONTOSO, fred, nina, olivia, oscar, type Person } from '../helpers/people.js';
import { closedPort } from '../helpers/postgres.js';
import { startBot, type TestBot } from '../helpers/server.js';


describe('members', () => {
  let bot: TestBot;
  const member = (email: string) => bot.app.store.read(CONTOSO, (t) => t.memberByEmail(email));
  const auditTypes = async () =>
    (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 1000 }))).events.map((e) => e.type);

  beforeAll(async () => {
    bot = await startBot();
    await organization(bot, olivia, [[carl, 'contributor']]);
  });
  afterAll(() => bot.close());

  it('lists members with role, status and type; only Owners get the actions', async () => {
    const forOwner = cardsOf(await bot.say(olivia, 'show members'))[0];
    expect(textOf(forOwner)).toContain('**Olivia Owner** · olivia@contoso.com');
    expect(textOf(forOwner)).toContain('Owner · Active · User');
    expect(textOf(forOwner)).toContain('Contributor · Active · User');
    // Olivia is the only Owner: her row offers nothing, Carl's a role change and removal.
    expect(actionsOf(forOwner).map((a) => [a.verb, a.data.email])).toEqual([
      ['member.role', 'carl@contoso.com'],
      ['member.confirmRemove', 'carl@contoso.com'],
    ]);
    const forContributor = cardsOf(await bot.say(carl, 'users'))[0];
    expect(actionsOf(forContributor)).toEqual([]);
    expect(wordsOf(await bot.say(nina, 'members'))).toContain('Only members of your organization');
  });

  it('posts in a channel a list with nobody\'s buttons, which the Owners\' clients refresh into their own', async () => {
    const here = { conversation: channel() };
    const posted = cardsOf(await bot.say(olivia, '<at>Publisher Desk</at> members', here))[0]!;
    expect(actionsOf(posted)).toEqual([{ title: 'Show my options', verb: 'members.view', data: { page: 1, filter: '' } }]);
    const teamsId = async (aadObjectId: string) => (await bot.app.store.read(CONTOSO, (t) => t.user(aadObjectId)))?.teamsUserId;
    expect(posted['refresh']).toEqual({ action: { type: 'Action.Execute', verb: 'members.view', data: { page: 1, filter: '' } }, userIds: [await teamsId(olivia.aadObjectId)] });

    // Teams asks on the Owner's behalf; the answer is hers alone, with her buttons, and keeps refreshing.
    const own = cardOf(await bot.click(olivia, 'members.view', { page: 1, filter: '' }, { ...here, trigger: 'automatic' }));
    expect(actionsOf(own).map((a) => a.verb)).toEqual(['member.role', 'member.confirmRemove']);
    expect(own['refresh']).toEqual(posted['refresh']);
    const forCarl = cardOf(await bot.click(carl, 'members.view', { page: 1 }, here));
    expect(actionsOf(forCarl)).toEqual([]);

    // The same for pending invitations and the profile.
    await bot.say(carl, 'invite shared@contoso.com as contributor', { delivery: 'normal' });
    const invites = cardsOf(await bot.say(carl, 'invites', { conversation: groupChat() }))[0]!;
    expect(actionsOf(invites)).toEqual([{ title: 'Show my options', verb: 'invites.view', data: { page: 1 } }]);
    expect((invites['refresh'] as { userIds: string[] }).userIds.sort()).toEqual([await teamsId(olivia.aadObjectId), await teamsId(carl.aadObjectId)].sort());
    expect(actionsOf(cardOf(await bot.click(olivia, 'invites.view', { page: 1 }, { conversation: groupChat(), trigger: 'automatic' }))).map((a) => a.verb)).toEqual(['invite.approve', 'invite.reject']);
    const profile = cardsOf(await bot.say(olivia, 'profile', here))[0]!;
    expect(actionsOf(profile)).toEqual([{ title: 'Show my options', verb: 'profile.view', data: {} }]);
    expect(actionsOf(cardOf(await bot.click(olivia, 'profile.view', {}, here))).map((a) => a.verb)).toEqual(['profile.edit']);
    const { id } = (await bot.app.store.read(CONTOSO, (t) => t.invitations({ status: 'pending', email: 'shared@contoso.com' })))[0]!;
    await bot.click(olivia, 'invite.reject', { invitationId: id });
  });

  it('updates a list posted in a group chat for everyone when an Owner changes a role or removes a member from it', async () => {
    const chat = groupChat('19:members-changed@thread.v2');
    await bot.say(olivia, 'invite leaver@contoso.com as contributor');
    bot.connector.reset();
    await bot.say(olivia, 'members', { conversation: chat, delivery: 'normal' });
    const posted = bot.connector.sent.find((s) => s.conversationId === chat.id)!;
    const here = { conversation: chat, replyToId: posted.activityId };
    // What Carl, in the chat but no Owner, sees: the message as Teams holds it (his client does not refresh it).
    const shared = () => {
      const updates = bot.connector.updated.filter((u) => u.conversationId === chat.id && u.activityId === posted.activityId);
      expect(updates.length).toBeGreaterThan(0);
      return cardsOf([updates.at(-1)!.activity])[0]!;
    };

    cardOf(await bot.click(olivia, 'member.role', { email: 'leaver@contoso.com', role: 'owner', page: 1 }, here));
    expect(textOf(shared())).toContain('leaver@contoso.com is now an Owner.');
    expect(actionsOf(shared())).toEqual([{ title: 'Show my options', verb: 'members.view', data: { page: 1, filter: '' } }]);
    expect(shared()['refresh']).toEqual(cardsOf([posted.activity])[0]!['refresh']);

    const mine = cardOf(await bot.click(olivia, 'member.remove', { email: 'leaver@contoso.com', page: 1 }, here));
    expect(actionsOf(mine).map((a) => a.verb)).toContain('member.confirmRemove');
    expect(textOf(shared())).toContain('leaver@contoso.com was removed from the publishing account.');
    expect(textOf(shared())).not.toContain('**leaver@contoso.com**');
    expect(actionsOf(shared()).map((a) => a.verb)).toEqual(['members.view']);

    // The confirmation `remove` posts in the chat, "Yes, remove" and all, turns into the list for everyone.
    await bot.say(olivia, 'invite leaver2@contoso.com as contributor');
    await bot.say(olivia, 'remove leaver2@contoso.com', { conversation: chat, delivery: 'normal' });
    const confirm = bot.connector.sent.filter((s) => s.conversationId === chat.id).at(-1)!;
    await bot.click(olivia, 'member.remove', { email: 'leaver2@contoso.com', page: 1 }, { conversation: chat, replyToId: confirm.activityId });
    const turned = bot.connector.updated.find((u) => u.activityId === confirm.activityId);
    expect(textOf(cardsOf([turned!.activity])[0])).toContain('leaver2@contoso.com was removed from the publishing account.');
    expect(actionsOf(cardsOf([turned!.activity])[0]).map((a) => a.verb)).toEqual(['members.view']);
  });

  it('protects the last Owner from demotion and removal', async () => {
    expect(wordsOf(await bot.say(olivia, 'role olivia@contoso.com contributor'))).toContain(
      // She is the only Owner: no word of other Owners who cannot act, which would send her looking for them.
      'olivia@contoso.com is the last Owner. Make someone else an Owner, and have them say hello to the bot, first.',
    );
    expect(wordsOf(await bot.say(olivia, 'remove olivia@contoso.com'))).toContain('is the last Owner');
    const forged = await bot.click(olivia, 'member.remove', { email: 'olivia@contoso.com' });
    expect(forged).toMatchObject({ status: 409, body: { value: { message: expect.stringContaining('is the last Owner') } } });
    expect((await member('olivia@contoso.com'))?.role).toBe('owner');
  });

  it('does not count an invited Owner, who may never come, as the Owner who remains', async () => {
    // A mistyped address: nobody will ever answer to it.
    await bot.say(olivia, 'invite oscar@contso.com as owner');
    expect(wordsOf(await bot.say(olivia, 'role olivia@contoso.com contributor'))).toContain(
      'olivia@contoso.com is the last Owner who can act: any other Owner is a service principal or has not talked to Publisher Desk yet.',
    );
    expect((await bot.click(olivia, 'member.remove', { email: 'olivia@contoso.com' })).status).toBe(409);
    expect((await member('olivia@contoso.com'))?.role).toBe('owner');
    // The invited Owner may go.
    expect(wordsOf(await bot.say(olivia, 'remove oscar@contso.com'))).not.toContain('is the last Owner');
    expect((await bot.click(olivia, 'member.remove', { email: 'oscar@contso.com' })).status).toBe(200);
    expect(await member('oscar@contso.com')).toBeUndefined();
  });

  it('offers the last Owner who is a person no buttons, also beside a service principal Owner', async () => {
    const robot = {
      email: 'robot@contoso.com', role: 'owner', type: 'servicePrincipal', friendlyName: 'Release pipeline',
      applicationId: '0a1b2c3d-0000-4000-8000-000000000abc', tenantId: CONTOSO, objectId: '0a1b2c3d-0000-4000-8000-000000000def',
    };
    expect(textOf(cardOf(await bot.click(olivia, 'invite.create', robot)))).toContain('You added robot@contoso.com as an Owner. It is active now.');
    expect((await member('robot@contoso.com'))?.role).toBe('owner');
    const card = cardsOf(await bot.say(olivia, 'members'))[0];
    expect(actionsOf(card).map((a) => [a.verb, a.data.email])).toEqual([
      ['member.role', 'robot@contoso.com'],
      ['member.confirmRemove', 'robot@contoso.com'],
      ['member.role', 'carl@contoso.com'],
      ['member.confirmRemove', 'carl@contoso.com'],
    ]);
    expect((await bot.click(olivia, 'member.remove', { email: 'robot@contoso.com' })).status).toBe(200);
    expect(await member('robot@contoso.com')).toBeUndefined();
  });

  it('lets only Owners change roles, and records who did it', async () => {
    expect(wordsOf(await bot.say(carl, 'role carl@contoso.com owner'))).toContain('Only Owners');
    expect((await bot.click(carl, 'member.role', { email: 'carl@contoso.com', role: 'owner' })).status).toBe(403);
    expect(wordsOf(await bot.say(olivia, 'make carl@contoso.com an owner'))).toContain('carl@contoso.com is now an Owner.');
    expect((await member('carl@contoso.com'))?.role).toBe('owner');
    const card = cardOf(await bot.click(olivia, 'member.role', { email: 'olivia@contoso.com', role: 'contributor', page: 1 }));
    expect(textOf(card)).toContain('olivia@contoso.com is now a Contributor.');
    expect(wordsOf(await bot.say(olivia, 'role carl@contoso.com contributor'))).toContain('Only Owners');
    expect(await auditTypes()).toEqual(expect.arrayContaining(['member.roleChanged']));
    await bot.say(carl, 'role olivia@contoso.com owner');
  });

  it('asks for confirmation before removing, then removes', async () => {
    const confirm = cardsOf(await bot.say(olivia, 'remove carl@contoso.com'))[0];
    expect(textOf(confirm)).toContain('Remove carl@contoso.com?');
    expect(textOf(confirm)).toContain('Carl Contributor, an Owner, will lose access to the publishing account.');
    expect(actionsOf(confirm)).toEqual([
      { title: 'Yes, remove', verb: 'member.remove', data: { email: 'carl@contoso.com', page: 1, filter: '' } },
      { title: 'Keep', verb: 'members.view', data: { page: 1, filter: '' } },
    ]);
    expect(await member('carl@contoso.com')).toBeDefined();

    const kept = cardOf(await bot.click(olivia, 'members.view', { page: 1 }));
    expect(textOf(kept)).toContain('carl@contoso.com');
    const after = cardOf(await bot.click(olivia, 'member.remove', { email: 'carl@contoso.com' }));
    expect(textOf(after)).toContain('carl@contoso.com was removed from the publishing account.');
    expect(await member('carl@contoso.com')).toBeUndefined();
    expect(await auditTypes()).toContain('member.removed');
    expect(wordsOf(await bot.say(carl, 'prereqs'))).toContain('Only members of your organization');
  });

  it('lets an Owner remove themselves while another Owner remains, and tells them so', async () => {
    await bot.say(olivia, 'invite oscar@contoso.com as owner');
    await bot.say(oscar, 'hello');
    // He asks in a group chat: the confirmation, "Yes, remove" and all, is there for everyone.
    const chat = groupChat('19:leaving@thread.v2');
    await bot.say(oscar, 'remove oscar@contoso.com', { conversation: chat, delivery: 'normal' });
    const confirm = bot.connector.sent.filter((s) => s.conversationId === chat.id).at(-1)!;
    const removed = await bot.click(oscar, 'member.remove', { email: 'oscar@contoso.com' }, { conversation: chat, replyToId: confirm.activityId });
    expect(removed).toMatchObject({
      status: 200,
      body: { type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('You removed yourself (oscar@contoso.com)') },
    });
    expect(await member('oscar@contoso.com')).toBeUndefined();
    expect(await auditTypes()).toContain('member.removed');
    // The chat's confirmation turns into the list, as it does when an Owner removes someone else.
    const turned = bot.connector.updated.find((u) => u.activityId === confirm.activityId);
    expect(textOf(cardsOf([turned!.activity])[0])).toContain('oscar@contoso.com was removed from the publishing account.');
    expect(actionsOf(cardsOf([turned!.activity])[0]).map((a) => a.verb)).toEqual(['members.view']);
  });

  it('replaces the confirmation in a 1:1 chat when an Owner removes themselves, so no "Yes, remove" is left', async () => {
    const leaving = ana;
    await bot.say(olivia, `invite ${leaving.email} as owner`);
    await bot.say(leaving, 'hello');
    const confirm = cardsOf(await bot.say(leaving, `remove ${leaving.email}`))[0];
    expect(actionsOf(confirm).map((a) => a.verb)).toEqual(['member.remove', 'members.view']);
    const removed = await bot.click(leaving, 'member.remove', { email: leaving.email });
    expect(removed.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOf(cardOf(removed))).toContain(`You removed yourself (${leaving.email}) from the publishing account. An Owner can invite you again.`);
    expect(actionsOf(cardOf(removed))).toEqual([]);
    expect(await member(leaving.email)).toBeUndefined();
  });

  it('says so for an unknown member and a malformed command', async () => {
    expect(wordsOf(await bot.say(olivia, 'remove ghost@contoso.com'))).toContain('ghost@contoso.com is not a member');
    expect(wordsOf(await bot.say(olivia, 'role ghost@contoso.com boss'))).toContain('Type "role ana@contoso.com owner"');
    expect(wordsOf(await bot.say(olivia, 'remove'))).toContain('Type "remove ana@contoso.com".');
  });

  it('pages a long list', async () => {
    for (let i = 0; i < 14; i++) await bot.say(olivia, `invite member${String(i).padStart(2, '0')}@contoso.com`);
    const first = cardsOf(await bot.say(olivia, 'members'))[0];
    expect(textOf(first)).toContain('15 members · page 1 of 2');
    expect(actionsOf(first).filter((a) => a.verb === 'members.view')).toEqual([
      { title: 'Next page', verb: 'members.view', data: { page: 2, filter: '' } },
    ]);
    const second = cardOf(await bot.click(olivia, 'members.view', { page: 2 }));
    expect(textOf(second)).toContain('page 2 of 2');
    expect(textOf(second)).toContain('member13@contoso.com');
    expect(actionsOf(second).filter((a) => a.verb === 'members.view')).toEqual([
      { title: 'Previous page', verb: 'members.view', data: { page: 1, filter: '' } },
    ]);
  });

  it('narrows the list to a name or email, and keeps to it and to its page through a removal', async () => {
    const found = cardsOf(await bot.say(olivia, 'members MEMBER1'))[0];
    expect(textOf(found)).toContain('4 of 15 members match "MEMBER1" · page 1 of 1');
    expect(textOf(found)).toContain('member10@contoso.com');
    expect(textOf(found)).not.toContain('member09@contoso.com');
    const remove = actionsOf(found).find((a) => a.verb === 'member.confirmRemove' && a.data.email === 'member11@contoso.com')!;
    expect(remove.data).toEqual({ email: 'member11@contoso.com', page: 1, filter: 'MEMBER1' });
    const confirm = cardOf(await bot.click(olivia, 'member.confirmRemove', remove.data));
    const [yes, keep] = actionsOf(confirm);
    expect(keep).toMatchObject({ verb: 'members.view', data: { page: 1, filter: 'MEMBER1' } });
    expect(textOf(cardOf(await bot.click(olivia, 'members.view', keep!.data)))).toContain('4 of 15 members match');
    const after = cardOf(await bot.click(olivia, 'member.remove', yes!.data));
    expect(textOf(after)).toContain('member11@contoso.com was removed');
    expect(textOf(after)).toContain('3 of 14 members match "MEMBER1"');
    expect(textOf(cardsOf(await bot.say(olivia, 'members nobody-by-that-name'))[0])).toContain('0 of 14 members match');
  });

  it('keeps another organization out', async () => {
    await bot.say(fred, 'setup');
    expect(wordsOf(await bot.say(fred, 'remove olivia@contoso.com'))).toContain('olivia@contoso.com is not a member');
    expect(textOf(cardsOf(await bot.say(fred, 'members'))[0])).not.toContain('contoso.com');
    expect(await member('olivia@contoso.com')).toBeDefined();
  });

  it('warns when the Owner demoted or removed is an owner email of the profile, whose next save would be refused', async () => {
    await bot.say(olivia, `invite ${oscar.email} as owner`);
    await bot.say(oscar, 'hello');
    const saved = await bot.click(olivia, 'profile.save', { version: 0, ...VALID_PROFILE, ownerEmails: `${olivia.email}, ${oscar.email}`, publisherId: 'contoso-members' });
    expect(saved.status).toBe(200);
    const warning = `The publisher profile names ${oscar.email} as an owner email, which must belong to an Owner: change it with "profile edit", or its next save is refused.`;

    const confirm = cardsOf(await bot.say(olivia, `remove ${oscar.email}`))[0];
    expect(textOf(confirm)).toContain(warning);
    expect(wordsOf(await bot.say(olivia, `role ${oscar.email} contributor`))).toContain(`${oscar.email} is now a Contributor. ${warning}`);
    // No longer an Owner, so no longer named as one: nothing to warn of when they go back and forth.
    expect(wordsOf(await bot.say(olivia, `role ${oscar.email} owner`))).not.toContain('publisher profile');
    const removed = cardOf(await bot.click(olivia, 'member.remove', { email: oscar.email }));
    expect(textOf(removed)).toContain(`${oscar.email} was removed from the publishing account. ${warning}`);

    // An Owner named in the profile who removes themselves in their 1:1 chat is warned too, on the card that replaces the confirmation.
    await bot.say(olivia, `invite ${oscar.email} as owner`);
    await bot.say(oscar, 'hello');
    expect(textOf(cardsOf(await bot.say(oscar, `remove ${oscar.email}`))[0])).toContain(warning);
    const left = cardOf(await bot.click(oscar, 'member.remove', { email: oscar.email }));
    expect(textOf(left)).toContain(`You removed yourself (${oscar.email}) from the publishing account. An Owner can invite you again. ${warning}`);
  });
});

describe('members told of their new role', () => {
  let bot: TestBot;
  const member = (email: string) => bot.app.store.read(CONTOSO, (t) => t.memberByEmail(email));
  const pending = async (email: string) => (await bot.app.store.read(CONTOSO, (t) => t.invitations({ status: 'pending', email })))[0]!;
  const toldIn = (person: Person) => bot.connector.sentTo(personalChat(person).id);
  const recipients = () => bot.connector.sent.map((s) => s.conversationId);

  beforeAll(async () => {
    bot = await startBot();
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor'], [ana, 'contributor']]);
  });
  afterAll(() => bot.close());
  beforeEach(() => bot.connector.reset());

  it('shows a member made an Owner, in their 1:1 chat, the invitations already waiting, with Approve and Reject', async () => {
    await bot.say(carl, 'invite waiting1@contoso.com as contributor', { delivery: 'normal' });
    await bot.say(carl, 'invite waiting2@contoso.com as owner', { delivery: 'normal' });
    // The requests went to the Owners of the time, Olivia and Oscar: Ana, a Contributor, got none.
    expect(toldIn(ana)).toEqual([]);
    bot.connector.reset();

    expect(wordsOf(await bot.say(olivia, 'role ana@contoso.com owner'))).toContain('ana@contoso.com is now an Owner.');
    // Ana alone hears of it; Olivia reads the answer.
    expect(recipients()).toEqual([personalChat(ana).id]);
    const card = cardsOf(toldIn(ana))[0]!;
    expect(textOf(card)).toContain(
      'Olivia Owner made you an Owner of your organization\'s publishing account. These invitations are waiting for an Owner: approve or reject them here, now or later with "invites".',
    );
    expect(textOf(card)).toContain('2 waiting · page 1 of 1');
    expect(textOf(card)).toContain('**waiting1@contoso.com** as a Contributor, asked by Carl Contributor');
    expect(textOf(card)).toContain('**waiting2@contoso.com** as an Owner, asked by Carl Contributor');
    const [one, two] = [await pending('waiting1@contoso.com'), await pending('waiting2@contoso.com')];
    expect(actionsOf(card).map((a) => `${a.verb} ${a.data.invitationId}`).sort()).toEqual(
      [`invite.approve ${one.id}`, `invite.reject ${one.id}`, `invite.approve ${two.id}`, `invite.reject ${two.id}`].sort(),
    );
    // Her card is her own, in her 1:1 chat: it asks Teams for no refresh.
    expect(card['refresh']).toBeUndefined();

    // Its buttons are hers now.
    const approve = actionsOf(card).find((a) => a.verb === 'invite.approve' && a.data.invitationId === one.id)!;
    const answer = cardOf(await bot.click(ana, approve.verb, approve.data));
    expect(textOf(answer)).toContain('waiting1@contoso.com: Approved by Ana Invitee');
    expect(await member('waiting1@contoso.com')).toMatchObject({ status: 'invited', role: 'contributor' });
  });

  it('tells a member made an Owner from the members card in the language of their own Teams client', async () => {
    await bot.say(carl, 'hej', { locale: 'sv-SE' });
    bot.connector.reset();
    const answer = cardOf(await bot.click(olivia, 'member.role', { email: carl.email, role: 'owner', page: 1 }));
    expect(textOf(answer)).toContain('carl@contoso.com is now an Owner.');
    expect(recipients()).toEqual([personalChat(carl).id]);
    const card = cardsOf(toldIn(carl))[0]!;
    expect(textOf(card)).toContain(
      'Olivia Owner har gjort dig till ägare av organisationens publiceringskonto. De här inbjudningarna väntar på en ägare: godkänn eller avvisa dem här, nu eller senare med "inbjudningar".',
    );
    expect(textOf(card)).toContain('1 väntar · sida 1 av 1');
    expect(textOf(card)).toContain('**waiting2@contoso.com** som ägare, begärd av Carl Contributor');
    // He asked for it himself, and as an Owner he decides it.
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Godkänn', 'Avvisa']);
    await bot.click(olivia, 'invite.reject', { invitationId: (await pending('waiting2@contoso.com')).id });
  });

  it('tells a demoted Owner in one sentence, and a new Owner with nothing waiting in one more', async () => {
    expect(wordsOf(await bot.say(olivia, 'role ana@contoso.com contributor'))).toContain('ana@contoso.com is now a Contributor.');
    expect(recipients()).toEqual([personalChat(ana).id]);
    expect(wordsOf(toldIn(ana))).toBe(
      'Olivia Owner made you a Contributor of your organization\'s publishing account: you can still see everything, update the checklist and ask for invitations, which an Owner decides.',
    );
    bot.connector.reset();

    expect(wordsOf(await bot.say(oscar, 'make ana@contoso.com an owner'))).toContain('ana@contoso.com is now an Owner.');
    expect(wordsOf(toldIn(ana))).toBe(
      'Oscar Owner made you an Owner of your organization\'s publishing account: you can now decide invitations, change roles, remove members and edit the profile.',
    );
    bot.connector.reset();
    await bot.say(carl, 'hej', { locale: 'sv-SE' });
    await bot.click(olivia, 'member.role', { email: carl.email, role: 'contributor', page: 1 });
    expect(wordsOf(toldIn(carl))).toBe(
      'Olivia Owner har gjort dig till deltagare i organisationens publiceringskonto: du kan fortfarande se allt, uppdatera checklistan och begära inbjudningar, som en ägare beslutar om.',
    );
  });

  it('tells nobody of a change someone made to their own role, nor of a role that did not change', async () => {
    expect(wordsOf(await bot.say(ana, 'role ana@contoso.com contributor'))).toContain('ana@contoso.com is now a Contributor.');
    expect((await member(ana.email))?.role).toBe('contributor');
    expect(wordsOf(await bot.say(olivia, 'role oscar@contoso.com owner'))).toContain('oscar@contoso.com is now an Owner.');
    expect(textOf(cardOf(await bot.click(olivia, 'member.role', { email: carl.email, role: 'contributor', page: 1 })))).toContain(
      'carl@contoso.com is now a Contributor.',
    );
    expect(bot.connector.sent).toEqual([]);
  });

  it('changes the role when the message to the member cannot be delivered', async () => {
    // Teams no longer takes messages for Carl's 1:1 chat (his stored address is gone).
    const dead = `http://127.0.0.1:${await closedPort()}/`;
    await bot.say(carl, 'hello', { serviceUrl: dead });
    // The message gets the 5 s every call to Teams gets; the change is saved before, and answered.
    const began = Date.now();
    expect(wordsOf(await bot.say(olivia, 'role carl@contoso.com owner'))).toContain('carl@contoso.com is now an Owner.');
    expect(Date.now() - began).toBeLessThan(8_000);
    expect((await member(carl.email))?.role).toBe('owner');
    expect(toldIn(carl)).toEqual([]);
    await bot.say(carl, 'hello');
    await bot.say(olivia, 'role carl@contoso.com contributor');
  }, 20_000);

  it('refuses a demoted Owner\'s click on the approval card they got as an Owner, and their copy refreshes into the status', async () => {
    await bot.say(carl, 'invite late@contoso.com as contributor', { delivery: 'normal' });
    const invitation = await pending('late@contoso.com');
    const [copy] = cardsOf(toldIn(oscar));
    expect(copy!['refresh'].userIds).toContain(oscar.id);
    expect(wordsOf(await bot.say(olivia, 'role oscar@contoso.com contributor'))).toContain('oscar@contoso.com is now a Contributor.');

    // His client still asks for his view (the posted card names him), and gets the status, no buttons to decide.
    const refreshed = cardOf(await bot.click(oscar, 'invite.refresh', { invitationId: invitation.id }, { trigger: 'automatic' }));
    expect(actionsOf(refreshed).map((a) => a.verb)).toEqual(['invite.refresh']);
    expect(textOf(refreshed)).toContain('Waiting for an Owner to approve.');
    // A click on Approve from the view he had as an Owner is refused on the server, and audited.
    const refused = await bot.click(oscar, 'invite.approve', { invitationId: invitation.id });
    expect(refused).toMatchObject({
      status: 403,
      body: { type: 'application/vnd.microsoft.error', value: { message: 'Only Owners of your organization\'s publishing account can do this.' } },
    });
    expect((await bot.click(oscar, 'invite.reject', { invitationId: invitation.id })).status).toBe(403);
    expect(await pending('late@contoso.com')).toMatchObject({ status: 'pending' });
    const events = (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 5 }))).events;
    expect(events.filter((e) => e.type === 'invitation.decisionRefused' && e.actor.aadObjectId === oscar.aadObjectId)).toHaveLength(2);
  });
});
