import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { channel, groupChat, personalChat } from '../helpers/activities.js';
import { actionsOf, cardOf, cardsOf, clientTakes, executesOf, inputOf, messagesAt, textOf, wordsOf } from '../helpers/cards.js';
import { organization, VALID_STEPS } from '../helpers/flows.js';
import { ana, carl, CONTOSO, FABRIKAM, fred, nina, olivia, oscar, somebody, type Person } from '../helpers/people.js';
import { closedPort } from '../helpers/postgres.js';
import { startBot, type TestBot } from '../helpers/server.js';

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-11-25T09:00:00Z');
const clock = { now: START };


describe('invitations', () => {
  let bot: TestBot;
  const invitations = () => bot.app.store.read(CONTOSO, (t) => t.invitations());
  const invitationFor = async (email: string) => (await invitations()).filter((i) => i.email === email).at(-1)!;
  const audit = async (tenant = CONTOSO) => (await bot.app.store.read(tenant, (t) => t.auditEvents({ offset: 0, limit: 1000 }))).events;
  const member = (email: string) => bot.app.store.read(CONTOSO, (t) => t.memberByEmail(email));
  /** A Contributor's request, from their 1:1 chat as Teams delivers it; returns the invitation. */
  const request = async (by: Person, email: string, role = 'contributor') => {
    await bot.say(by, `invite ${email} as ${role}`, { delivery: 'normal' });
    return invitationFor(email);
  };

  /** An organization whose Owner set it up in a 1:1 chat, and whose other people talk to the bot only in a channel. */
  const channelPeople = [70, 71, 72].map((n) => somebody(n, 'e0000000-0000-4000-8000-000000000007'));

  beforeAll(async () => {
    bot = await startBot({
      now: () => clock.now,
      people: [olivia, oscar, carl, nina, fred, ana, ...Array.from({ length: 12 }, (_, i) => somebody(i, CONTOSO)), ...channelPeople],
    });
    await organization(bot, olivia, [[oscar, 'owner'], [carl, 'contributor']]);
    await bot.say(fred, 'setup');
  });
  afterAll(() => bot.close());
  beforeEach(() => {
    clock.now = START;
    bot.connector.reset();
  });

  it('sends a Contributor\'s request to every Owner\'s 1:1 chat, with refresh for the Owners and the requester', async () => {
    const invitation = await request(carl, 'ana@contoso.com');
    expect(invitation).toMatchObject({ status: 'pending', role: 'contributor', requestedBy: { aadObjectId: carl.aadObjectId } });

    const chats = [personalChat(carl).id, personalChat(olivia).id, personalChat(oscar).id];
    for (const chat of chats) {
      const [card] = cardsOf(bot.connector.sentTo(chat));
      expect(textOf(card)).toContain('ana@contoso.com');
      expect(textOf(card)).toContain('Waiting for an Owner to approve.');
      expect(card!['refresh']).toEqual({
        action: { type: 'Action.Execute', verb: 'invite.refresh', data: { invitationId: invitation.id } },
        userIds: expect.arrayContaining([olivia.id, oscar.id, carl.id]),
      });
      expect(card!['refresh'].userIds).toHaveLength(3);
      expect(actionsOf(card).map((a) => a.verb)).toEqual(['invite.refresh']);
    }
    expect((await invitationFor('ana@contoso.com')).postedIn.map((c) => c.conversationId).sort()).toEqual([...chats].sort());
  });

  it('answers an automatic refresh with the viewer\'s own card and changes nothing', async () => {
    const { id } = await invitationFor('ana@contoso.com');
    const before = JSON.stringify(await invitations());
    const events = (await audit()).length;

    const owner = cardOf(await bot.click(olivia, 'invite.refresh', { invitationId: id }, { trigger: 'automatic' }));
    expect(actionsOf(owner).map((a) => a.verb)).toEqual(['invite.approve', 'invite.reject']);
    expect(inputOf(owner, 'reason')).toMatchObject({ type: 'Input.Text' });
    const requester = cardOf(await bot.click(carl, 'invite.refresh', { invitationId: id }, { trigger: 'automatic' }));
    expect(actionsOf(requester).map((a) => a.verb)).toEqual(['invite.cancel']);
    expect((await bot.click(nina, 'invite.refresh', { invitationId: id }, { trigger: 'automatic' })).status).toBe(403);

    expect(JSON.stringify(await invitations())).toBe(before);
    expect((await audit()).length).toBe(events);
    expect(bot.connector.sent).toHaveLength(0);
    expect(bot.connector.updated).toHaveLength(0);
  });

  it('lists pending invitations with each viewer\'s actions', async () => {
    const forOwner = cardsOf(await bot.say(oscar, 'invites'))[0];
    expect(textOf(forOwner)).toContain('**ana@contoso.com** as a Contributor, asked by Carl Contributor');
    expect(actionsOf(forOwner).map((a) => a.verb)).toEqual(['invite.approve', 'invite.reject']);
    const forRequester = cardsOf(await bot.say(carl, 'invites'))[0];
    expect(actionsOf(forRequester).map((a) => a.verb)).toEqual(['invite.cancel']);
  });

  it('refuses a Contributor, a non-member and another tenant\'s user clicking Approve on a copied card, and audits the attempts at it', async () => {
    const { id } = await invitationFor('ana@contoso.com');
    const before = JSON.stringify(await invitations());
    const contributor = await bot.click(carl, 'invite.approve', { invitationId: id });
    expect(contributor).toMatchObject({ status: 403, body: { type: 'application/vnd.microsoft.error', value: { message: expect.stringContaining('Only Owners') } } });
    const outsider = await bot.click(nina, 'invite.approve', { invitationId: id });
    expect(outsider).toMatchObject({ status: 403, body: { value: { message: expect.stringContaining('Only members') } } });
    const otherTenant = await bot.click(fred, 'invite.approve', { invitationId: id });
    expect(otherTenant).toMatchObject({ status: 404, body: { value: { message: 'This invitation does not exist in your organization.' } } });
    // A forged tenant in the activity is only another tenant's view: the card data names no tenant.
    const forged = await bot.click(fred, 'invite.approve', { invitationId: id, tenantId: CONTOSO });
    expect(forged.status).toBe(404);

    expect(JSON.stringify(await invitations())).toBe(before);
    expect(await member('ana@contoso.com')).toBeUndefined();
    const refused = (await audit()).filter((e) => e.type === 'invitation.decisionRefused');
    expect(refused.map((e) => e.actor.aadObjectId).sort()).toEqual([carl.aadObjectId, nina.aadObjectId].sort());
    const told = textOf(cardsOf(await bot.say(olivia, 'historik', { locale: 'sv-SE' }))[0]);
    expect(told).toContain('**Nina Newcomer** · nekades att besluta om en inbjudan · ana@contoso.com');
    expect(told).toContain('Roll: inte medlem');
    // In Fabrikam the ID names nothing: answered, not logged.
    expect((await audit(FABRIKAM)).filter((e) => e.type === 'invitation.decisionRefused')).toHaveLength(0);
    expect(bot.connector.updated).toHaveLength(0);
  });

  it('keeps made-up invitation IDs out of the log: anyone can send them', async () => {
    const logged = (await audit()).length;
    for (const [person, verb] of [[nina, 'invite.approve'], [carl, 'invite.reject'], [nina, 'invite.cancel'], [oscar, 'invite.approve']] as const) {
      for (let n = 0; n < 5; n++) {
        const answer = await bot.click(person, verb, { invitationId: `made-up-${n}` });
        expect(answer).toMatchObject({ status: 404, body: { value: { message: 'This invitation does not exist in your organization.' } } });
      }
    }
    expect((await audit()).length).toBe(logged);
  });

  it('approves: the decided card, every copy updated, the requester told, the invitee invited then active', async () => {
    const invitation = await invitationFor('ana@contoso.com');
    const card = cardOf(await bot.click(olivia, 'invite.approve', { invitationId: invitation.id }));
    expect(textOf(card)).toContain('Approved by Olivia Owner, 25 Nov 2026, 09:00 UTC');
    expect(actionsOf(card)).toEqual([]);
    expect(card['refresh']).toBeUndefined();

    expect(bot.connector.updated.map((u) => [u.conversationId, u.activityId]).sort()).toEqual(
      invitation.postedIn.map((c) => [c.conversationId, c.messageId]).sort(),
    );
    for (const update of bot.connector.updated) expect(textOf(update.activity['attachments'][0].content)).toContain('Approved by Olivia Owner');
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain(
      'Your invitation for ana@contoso.com was approved by Olivia Owner.',
    );
    // A new message in the requester's chat, from the bot to them: not a reply to anything.
    const told = bot.connector.sent.find((s) => s.conversationId === personalChat(carl).id)!;
    expect(told.replyToId).toBeUndefined();
    expect(told.activity).toMatchObject({ type: 'message', from: { id: expect.any(String) }, recipient: { id: carl.id } });

    expect(await member('ana@contoso.com')).toMatchObject({ role: 'contributor', status: 'invited', addedBy: { name: 'Olivia Owner' } });
    expect(textOf(cardsOf(await bot.say(olivia, 'members'))[0])).toContain('Contributor · Invited · User');

    const greeting = await bot.say(ana, 'hi');
    expect(greeting[0]?.['text']).toBe(
      'Welcome to your organization\'s publishing account, Ana Invitee. You are a Contributor. Type help to see what you can do.',
    );
    expect(await member('ana@contoso.com')).toMatchObject({ status: 'active', aadObjectId: ana.aadObjectId });
    expect(wordsOf(await bot.say(ana, 'hi'))).not.toContain('Welcome to your organization');
    const types = (await audit()).map((e) => e.type);
    expect(types.filter((t) => t === 'invitation.approved')).toHaveLength(1);
    expect(types).toContain('member.activated');
  });

  it('tells the requester while the copies of the card are still being updated', async () => {
    const invitation = await request(carl, 'kim@contoso.com');
    let release!: () => void;
    bot.connector.updatesHeld = new Promise<void>((resolve) => (release = resolve));
    const told = bot.connector.nextSentTo(personalChat(carl).id);
    const clicked = bot.click(olivia, 'invite.approve', { invitationId: invitation.id });
    try {
      // Without the notice, the test fails here rather than at jest's timeout.
      const notice = await Promise.race([told, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000).unref())]);
      expect(notice?.activity['text']).toBe('Your invitation for kim@contoso.com was approved by Olivia Owner.');
      expect(bot.connector.updated).toHaveLength(invitation.postedIn.length);
    } finally {
      release();
      bot.connector.updatesHeld = undefined;
    }
    expect(textOf(cardOf(await clicked))).toContain('Approved by Olivia Owner');
  });

  it('leaves the copy an Owner clicked in her 1:1 chat to the click\'s answer, and updates every other copy', async () => {
    bot.connector.reset();
    const invitation = await request(carl, 'own-copy@contoso.com');
    const mine = invitation.postedIn.find((c) => c.conversationId === personalChat(olivia).id)!;
    // The copy she clicks refreshes by itself on her other devices.
    const [posted] = cardsOf(bot.connector.sentTo(personalChat(olivia).id));
    expect(posted!['refresh']).toMatchObject({ action: { verb: 'invite.refresh', data: { invitationId: invitation.id } }, userIds: expect.arrayContaining([olivia.id]) });

    bot.connector.reset();
    const answer = await bot.click(olivia, 'invite.approve', { invitationId: invitation.id }, { replyToId: mine.messageId });
    expect(textOf(cardOf(answer))).toContain('Approved by Olivia Owner');
    const others = invitation.postedIn.filter((c) => c !== mine);
    expect(others.length).toBeGreaterThan(0);
    expect(bot.connector.updated.map((u) => `${u.conversationId} ${u.activityId}`).sort()).toEqual(others.map((c) => `${c.conversationId} ${c.messageId}`).sort());
    const refreshed = cardOf(await bot.click(olivia, 'invite.refresh', { invitationId: invitation.id }, { trigger: 'automatic', replyToId: mine.messageId }));
    expect(textOf(refreshed)).toContain('Approved by Olivia Owner');

    // In a group chat the answer reaches only the person who clicked: the clicked copy is updated too.
    const chat = groupChat('19:decisions@thread.v2');
    await bot.say(carl, 'invite in-a-chat@contoso.com as contributor', { conversation: chat, delivery: 'normal' });
    const shared = (await invitationFor('in-a-chat@contoso.com')).postedIn.find((c) => c.conversationId === chat.id)!;
    // Posted as a reply to the message that asked, as the SDK's own sends reply (in a channel, in its thread).
    expect(bot.connector.sent.find((s) => s.activityId === shared.messageId)).toMatchObject({ conversationId: chat.id, replyToId: expect.stringMatching(/^activity-\d+$/) });
    bot.connector.reset();
    await bot.click(olivia, 'invite.reject', { invitationId: (await invitationFor('in-a-chat@contoso.com')).id }, { conversation: chat, replyToId: shared.messageId });
    expect(bot.connector.updated).toContainEqual(expect.objectContaining({ conversationId: chat.id, activityId: shared.messageId }));
  });

  it('updates a list of pending invitations posted in a group chat for everyone when an Owner decides from it', async () => {
    const chat = groupChat('19:pending-list@thread.v2');
    const invitation = await request(carl, 'listed@contoso.com');
    bot.connector.reset();
    await bot.say(oscar, 'invites', { conversation: chat, delivery: 'normal' });
    const posted = bot.connector.sent.find((s) => s.conversationId === chat.id)!;
    expect(textOf(cardsOf([posted.activity])[0])).toContain('**listed@contoso.com** as a Contributor');

    // Teams holding every card update: the list's and the invitation's copies wait out their limit together.
    bot.connector.updatesHeld = new Promise<void>(() => undefined);
    const began = Date.now();
    try {
      const mine = cardOf(await bot.click(olivia, 'invite.reject', { invitationId: invitation.id, from: 'list', page: 1 }, { conversation: chat, replyToId: posted.activityId }));
      expect(textOf(mine)).toContain('listed@contoso.com: Rejected by Olivia Owner');
    } finally {
      bot.connector.updatesHeld = undefined;
    }
    expect(Date.now() - began).toBeLessThan(8_000);
    // Everyone else in the chat sees the message as Teams holds it: no longer waiting, and nobody's buttons.
    const update = bot.connector.updated.find((u) => u.conversationId === chat.id && u.activityId === posted.activityId);
    expect(update).toBeDefined();
    const shared = cardsOf([update!.activity])[0]!;
    expect(textOf(shared)).toContain('listed@contoso.com: Rejected by Olivia Owner');
    expect(textOf(shared)).not.toContain('**listed@contoso.com**');
    expect(actionsOf(shared).map((a) => a.verb).filter((verb) => verb.startsWith('invite.'))).toEqual([]);
  }, 20_000);

  it('answers a decision within its limit when Teams does not answer a card update, the decision standing', async () => {
    const invitation = await request(carl, 'slow-teams@contoso.com');
    let release!: () => void;
    bot.connector.updatesHeld = new Promise<void>((resolve) => (release = resolve));
    try {
      const began = Date.now();
      const answer = await bot.click(olivia, 'invite.approve', { invitationId: invitation.id });
      // Teams gives up on a click after about 15 s; the updates' limit is 5 s.
      expect(Date.now() - began).toBeLessThan(10_000);
      expect(textOf(cardOf(answer))).toContain('Approved by Olivia Owner');
      expect(await invitationFor('slow-teams@contoso.com')).toMatchObject({ status: 'approved' });
    } finally {
      release();
      bot.connector.updatesHeld = undefined;
    }
  }, 20_000);

  it('updates the copies of the card that were still on their way when an Owner decided', async () => {
    let release!: () => void;
    bot.connector.sendsHeld.set(personalChat(oscar).id, new Promise<void>((resolve) => (release = resolve)));
    const toOlivia = bot.connector.nextSentTo(personalChat(olivia).id);
    const asked = bot.say(carl, 'invite lu@contoso.com as contributor', { delivery: 'normal' });
    try {
      const [card] = cardsOf([(await toOlivia).activity]);
      const { invitationId } = actionsOf(card).find((a) => a.verb === 'invite.refresh')!.data;
      expect(textOf(cardOf(await bot.click(olivia, 'invite.approve', { invitationId })))).toContain('Approved by Olivia Owner');
      // The copies are remembered once every Owner has theirs: the decision found none to update.
      expect(bot.connector.updated).toEqual([]);
    } finally {
      release();
      bot.connector.sendsHeld.clear();
    }
    await asked;
    const updated = bot.connector.updated.map((u) => u.conversationId).sort();
    expect(updated).toEqual([personalChat(carl).id, personalChat(olivia).id, personalChat(oscar).id].sort());
    for (const update of bot.connector.updated) expect(textOf(cardsOf([update.activity])[0])).toContain('Approved by Olivia Owner');
  });

  it('answers a second click with who decided and when, changing nothing', async () => {
    const { id } = await invitationFor('ana@contoso.com');
    const again = cardOf(await bot.click(oscar, 'invite.reject', { invitationId: id, reason: 'late' }));
    expect(textOf(again)).toContain('Approved by Olivia Owner, 25 Nov 2026, 09:00 UTC');
    expect((await invitationFor('ana@contoso.com')).status).toBe('approved');
  });

  it('gives exactly one decision for 20 concurrent approve and reject clicks from two Owners', async () => {
    const { id } = await request(carl, 'race@contoso.com');
    const clicks = Array.from({ length: 20 }, (_, i) =>
      bot.click(i % 2 ? olivia : oscar, i % 4 < 2 ? 'invite.approve' : 'invite.reject', { invitationId: id, reason: 'no' }),
    );
    const answers = (await Promise.all(clicks)).map((a) => textOf(cardOf(a)));
    const stored = await invitationFor('race@contoso.com');
    expect(['approved', 'rejected']).toContain(stored.status);
    const winner = stored.status === 'approved' ? `Approved by ${stored.decidedBy!.name}` : `Rejected by ${stored.decidedBy!.name}`;
    for (const answer of answers) expect(answer).toContain(winner);
    const decisions = (await audit()).filter((e) => e.subject === 'race@contoso.com' && /^invitation\.(approved|rejected)$/.test(e.type));
    expect(decisions).toHaveLength(1);
    expect((await audit()).filter((e) => e.subject === 'race@contoso.com' && e.type === 'member.added')).toHaveLength(
      stored.status === 'approved' ? 1 : 0,
    );
  });

  it('rejects with a reason, which every copy and the requester see', async () => {
    const { id } = await request(carl, 'bo@contoso.com');
    bot.connector.reset();
    const card = cardOf(await bot.click(oscar, 'invite.reject', { invitationId: id, reason: 'Use the team alias instead' }));
    expect(textOf(card)).toContain('Rejected by Oscar Owner, 25 Nov 2026, 09:00 UTC: Use the team alias instead');
    expect(bot.connector.updated).toHaveLength(3);
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain(
      'Your invitation for bo@contoso.com was rejected by Oscar Owner: Use the team alias instead',
    );
    expect(await member('bo@contoso.com')).toBeUndefined();
  });

  it('takes a reason with a rejection from the list of pending invitations, and asks none of whoever cannot decide', async () => {
    const { id } = await request(carl, 'from-the-list@contoso.com');
    const list = cardsOf(await bot.say(oscar, 'invites'))[0];
    expect(inputOf(list, 'reason')).toMatchObject({ type: 'Input.Text', maxLength: 500, label: 'Reason, if you reject (optional)' });
    // Approve, Cancel and the page buttons leave a typed reason out; Reject takes it.
    expect(executesOf(list).filter((a) => a['verb'] !== 'invite.reject').every((a) => a['associatedInputs'] === 'none')).toBe(true);
    const reject = actionsOf(list).find((a) => a.verb === 'invite.reject' && a.data.invitationId === id)!;
    expect(reject).toBeDefined();
    bot.connector.reset();
    // Teams sends the card's inputs with the button's data.
    const answer = cardOf(await bot.click(oscar, 'invite.reject', { ...reject.data, reason: 'Ask through your manager' }));
    expect(textOf(answer)).toContain('from-the-list@contoso.com: Rejected by Oscar Owner, 25 Nov 2026, 09:00 UTC: Ask through your manager');
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain(
      'Your invitation for from-the-list@contoso.com was rejected by Oscar Owner: Ask through your manager',
    );
    // The requester's own list offers Cancel, and no reason field.
    const waiting = await request(carl, 'still-waiting@contoso.com');
    const theirs = cardsOf(await bot.say(carl, 'invites'))[0];
    expect(actionsOf(theirs).map((a) => a.verb)).toContain('invite.cancel');
    expect(inputOf(theirs, 'reason')).toBeUndefined();
    cardOf(await bot.click(carl, 'invite.cancel', { invitationId: waiting.id }));
  });

  it('expires after INVITE_TTL_DAYS: an expired invitation cannot be approved, and the requester is told', async () => {
    const { id } = await request(carl, 'late@contoso.com');
    clock.now = new Date(START.getTime() + 14 * DAY + 1000);
    // Told once, by whichever notices first: Olivia's turn (in the background) or her click.
    const told = bot.connector.nextSentTo(personalChat(carl).id);
    expect(wordsOf(await bot.say(olivia, 'invites'))).not.toContain('late@contoso.com');
    const card = cardOf(await bot.click(olivia, 'invite.approve', { invitationId: id }));
    expect(textOf(card)).toContain('Expired 9 Dec 2026, 09:00 UTC: nobody decided in time.');
    expect(await invitationFor('late@contoso.com')).toMatchObject({ status: 'expired' });
    const notice = 'Your invitation for late@contoso.com expired before an Owner decided. Ask again if it is still needed.';
    expect((await told).activity['text']).toBe(notice);
    expect(bot.connector.sentTo(personalChat(carl).id).filter((a) => a['text'] === notice)).toHaveLength(1);
    expect(await member('late@contoso.com')).toBeUndefined();
    // Expired, it no longer blocks a new invitation for the same address.
    expect((await request(carl, 'late@contoso.com')).status).toBe('pending');
  });

  it('announces an invitation that expired with nobody clicking, at the organization\'s next turn', async () => {
    const invitation = await request(carl, 'unanswered@contoso.com');
    expect(invitation.postedIn.length).toBeGreaterThan(0);
    bot.connector.reset();
    clock.now = new Date(START.getTime() + 15 * DAY);
    const told = bot.connector.nextSentTo(personalChat(carl).id);
    await bot.say(nina, 'help');
    expect((await told).activity['text']).toBe('Your invitation for unanswered@contoso.com expired before an Owner decided. Ask again if it is still needed.');
    expect(await invitationFor('unanswered@contoso.com')).toMatchObject({ status: 'expired' });
    // The copies are updated beside the message to the requester: wait for them too.
    for (let tries = 0; bot.connector.updated.length < invitation.postedIn.length && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    expect(bot.connector.updated.map((u) => u.activityId).sort()).toEqual(invitation.postedIn.map((c) => c.messageId).sort());
    for (const update of bot.connector.updated) expect(textOf(update.activity['attachments'][0].content)).toContain('nobody decided in time');
    expect((await audit())[0]).toMatchObject({ type: 'invitation.expired', actor: { name: 'Publisher Desk' }, subject: 'unanswered@contoso.com' });
  });

  it('lets the requester cancel, and nobody else', async () => {
    const { id } = await invitationFor('late@contoso.com');
    expect((await bot.click(oscar, 'invite.cancel', { invitationId: id })).status).toBe(403);
    const card = cardOf(await bot.click(carl, 'invite.cancel', { invitationId: id }));
    expect(textOf(card)).toContain('Cancelled by Carl Contributor');
    expect((await invitationFor('late@contoso.com')).status).toBe('cancelled');
    expect(textOf(cardOf(await bot.click(olivia, 'invite.approve', { invitationId: id })))).toContain('Cancelled by Carl Contributor');
  });

  it('refuses a second pending invitation for one email, and inviting a member', async () => {
    await request(carl, 'dup@contoso.com');
    expect(wordsOf(await bot.say(carl, 'invite DUP@contoso.com as owner'))).toContain(
      'An invitation for dup@contoso.com is already waiting for an Owner.',
    );
    expect(wordsOf(await bot.say(olivia, 'invite carl@contoso.com as owner'))).toContain(
      'carl@contoso.com is already a member of the publishing account.',
    );
  });

  it('puts an Owner\'s invitation in effect at once also when a request for that person waits, approving it with the Owner\'s role', async () => {
    const waiting = await request(carl, 'asked-for@contoso.com');
    bot.connector.reset();
    expect(wordsOf(await bot.say(olivia, 'invite asked-for@contoso.com as owner'))).toContain('You added asked-for@contoso.com as an Owner.');
    expect(await member('asked-for@contoso.com')).toMatchObject({ role: 'owner', status: 'invited' });
    expect(await invitationFor('asked-for@contoso.com')).toMatchObject({ id: waiting.id, status: 'approved', role: 'owner', decidedBy: { aadObjectId: olivia.aadObjectId } });
    // The request's cards show the approval, and the requester is told.
    expect(bot.connector.updated.map((u) => u.conversationId).sort()).toEqual(waiting.postedIn.map((c) => c.conversationId).sort());
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain('Your invitation for asked-for@contoso.com was approved by Olivia Owner.');
  });

  it('puts an Owner\'s own invitation in effect at once', async () => {
    const replies = await bot.say(olivia, 'please invite Erik@Contoso.com as an owner');
    expect(replies[0]?.['text']).toBe('You added erik@contoso.com as an Owner. They become active the first time they talk to me.');
    expect(await member('erik@contoso.com')).toMatchObject({ role: 'owner', status: 'invited' });
    expect(bot.connector.sent).toHaveLength(0);
    // The history says she added him, not that she "asked for an invitation" nobody had to decide.
    expect((await audit()).filter((e) => e.subject === 'erik@contoso.com').map((e) => e.type)).toEqual(['member.added']);
    expect(wordsOf(await bot.say(olivia, 'history'))).not.toContain('asked for an invitation · erik@contoso.com');
  });

  describe('the invitation form', () => {
    it('opens from `invite`, with roles, member types and the service principal fields', async () => {
      const form = cardsOf(await bot.say(carl, 'invite'))[0];
      expect(textOf(form)).toContain('invite a team alias or security group');
      expect(inputOf(form, 'email')).toMatchObject({ type: 'Input.Text', isRequired: true });
      expect(inputOf(form, 'role')?.['choices'].map((c: any) => c.value)).toEqual(['contributor', 'owner']);
      expect(inputOf(form, 'type')?.['choices'].map((c: any) => c.value)).toEqual(['user', 'servicePrincipal']);
      expect(inputOf(form, 'applicationId')).toMatchObject({ type: 'Input.Text' });
      expect(actionsOf(form).map((a) => a.verb)).toEqual(['invite.create']);
    });

    it('marks a bad email at its field and keeps what was typed', async () => {
      const card = cardOf(await bot.click(carl, 'invite.create', { email: 'ana at contoso', role: 'contributor', type: 'user', note: 'hi' }));
      expect(messagesAt(card, 'email').errors).toEqual(['Enter an email address, such as ana@contoso.com.']);
      expect(inputOf(card, 'email')?.['value']).toBe('ana at contoso');
      expect(inputOf(card, 'note')?.['value']).toBe('hi');
    });

    it('keeps a refused form in a group chat to the person who sent it: the shared form stays as it was for everyone else', async () => {
      const chat = groupChat('19:publishing@thread.v2');
      bot.connector.reset();
      const note = 'Ana starts Monday, do not tell the team yet';
      const card = cardOf(await bot.click(carl, 'invite.create', { email: 'ana at contoso', role: 'contributor', type: 'user', note }, { conversation: chat, replyToId: 'shared-form' }));
      expect(inputOf(card, 'note')?.['value']).toBe(note);
      expect(bot.connector.updated).toEqual([]);
    });

    it('marks each bad GUID of a service principal', async () => {
      const card = cardOf(
        await bot.click(carl, 'invite.create', {
          email: 'robot@contoso.com', role: 'contributor', type: 'servicePrincipal',
          friendlyName: 'Release pipeline', applicationId: 'not-a-guid', tenantId: CONTOSO, objectId: '1234',
        }),
      );
      expect(messagesAt(card, 'applicationId').errors).toEqual(['Enter a GUID, such as 0a1b2c3d-0000-4000-8000-000000000abc.']);
      expect(messagesAt(card, 'objectId').errors).toHaveLength(1);
      expect(messagesAt(card, 'tenantId').errors).toHaveLength(0);
      expect(inputOf(card, 'applicationId')?.['value']).toBe('not-a-guid');
      expect((await invitations()).some((i) => i.email === 'robot@contoso.com')).toBe(false);
    });

    it("gives the GUID fields' hints the server's verdict: an ID with spaces around it, or in capitals, passes both, a bad one neither", async () => {
      const form = cardsOf(await bot.say(carl, 'invite'))[0]!;
      const padded = ' 0a1b2c3d-0000-4000-8000-00000000aaaa ';
      for (const id of ['applicationId', 'tenantId', 'objectId']) {
        const input = inputOf(form, id)!;
        expect([padded, '0A1B2C3D-0000-4000-8000-00000000AAAA', 'not-a-guid', '0a1b2c3d-0000-4000-8000-00000000aaa'].map((v) => clientTakes(input, v))).toEqual([true, true, false, false]);
      }
      await bot.click(carl, 'invite.create', {
        email: 'deploy@contoso.com', role: 'contributor', type: 'servicePrincipal', friendlyName: 'Deploy',
        applicationId: padded, tenantId: ` ${CONTOSO} `, objectId: '0A1B2C3D-0000-4000-8000-00000000BBBB',
      });
      expect((await invitations()).some((i) => i.email === 'deploy@contoso.com')).toBe(true);
    });

    it('sends a valid service principal request, and the card replaces the form for everyone in the chat', async () => {
      const chat = groupChat('19:publishing@thread.v2');
      const card = cardOf(
        await bot.click(
          carl,
          'invite.create',
          {
            email: 'robot@contoso.com', role: 'contributor', type: 'servicePrincipal', friendlyName: 'Release pipeline',
            applicationId: '0a1b2c3d-0000-4000-8000-000000000abc', tenantId: CONTOSO, objectId: '0a1b2c3d-0000-4000-8000-000000000def',
          },
          { conversation: chat, replyToId: 'form-message' },
        ),
      );
      expect(textOf(card)).toContain('Release pipeline');
      expect(bot.connector.updated).toEqual([expect.objectContaining({ conversationId: chat.id, activityId: 'form-message' })]);
      const invitation = await invitationFor('robot@contoso.com');
      expect(invitation.postedIn).toContainEqual({ conversationId: chat.id, messageId: 'form-message' });
      await bot.click(olivia, 'invite.approve', { invitationId: invitation.id });
      expect(await member('robot@contoso.com')).toMatchObject({
        type: 'servicePrincipal', status: 'active',
        servicePrincipal: { friendlyName: 'Release pipeline', applicationId: '0a1b2c3d-0000-4000-8000-000000000abc' },
      });
    });
  });

  it('turns an Owner\'s spent form into what was done, for everyone in the chat', async () => {
    const chat = groupChat('19:publishing@thread.v2');
    const card = cardOf(await bot.click(olivia, 'invite.create', { email: 'zed@contoso.com', role: 'contributor', type: 'user' }, { conversation: chat, replyToId: 'owner-form' }));
    expect(textOf(card)).toContain('You added zed@contoso.com as a Contributor. They become active the first time they talk to me.');
    expect(textOf(card)).toMatch(/Added by Olivia Owner, /);
    expect(actionsOf(card)).toEqual([
      { title: 'Show members', verb: 'command.run', data: { command: 'members' } },
      { title: 'Invite someone else', verb: 'command.run', data: { command: 'invite' } },
    ]);
    expect(actionsOf(card).some((a) => a.verb === 'invite.create')).toBe(false);
    expect(bot.connector.updated).toEqual([expect.objectContaining({ conversationId: chat.id, activityId: 'owner-form' })]);
    expect(await member('zed@contoso.com')).toMatchObject({ role: 'contributor', status: 'invited' });

    const again = await bot.click(olivia, 'command.run', { command: 'invite' }, { conversation: chat, replyToId: 'owner-form' });
    expect(again.status).toBe(200);
    const [form] = cardsOf(bot.connector.sentTo(chat.id));
    expect(actionsOf(form!).map((a) => a.verb)).toContain('invite.create');
  });

  it('answers a form whose click does not name the form\'s message (the Agents Playground\'s may not) with a card in its place', async () => {
    const requested = await bot.click(carl, 'invite.create', { email: 'yan@contoso.com', role: 'contributor', type: 'user' });
    expect(requested.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textOf(cardOf(requested))).toContain('Your request to invite yan@contoso.com went to the Owners. You will hear from me when one of them decides.');
    expect(actionsOf(cardOf(requested)).some((a) => a.verb === 'invite.create')).toBe(false);
    // The request's own card is posted beside it, and kept up to date with the Owners' copies.
    const here = personalChat(carl).id;
    expect(textOf(cardsOf(bot.connector.sentTo(here)).at(-1))).toContain('yan@contoso.com');
    expect((await invitationFor('yan@contoso.com')).postedIn).toContainEqual({ conversationId: here, messageId: expect.any(String) });

    const added = await bot.click(olivia, 'invite.create', { email: 'xia@contoso.com', role: 'owner', type: 'user' });
    expect(textOf(cardOf(added))).toContain('You added xia@contoso.com as an Owner.');
    expect(actionsOf(cardOf(added)).some((a) => a.verb === 'invite.create')).toBe(false);
  });

  it('answers an Owner\'s form within its limit when Teams does not answer the shared card\'s update', async () => {
    const chat = groupChat('19:publishing@thread.v2');
    bot.connector.updatesHeld = new Promise<void>(() => undefined);
    try {
      const began = Date.now();
      const answer = await bot.click(olivia, 'invite.create', { email: 'stuck@contoso.com', role: 'contributor', type: 'user' }, { conversation: chat, replyToId: 'stuck-form' });
      expect(Date.now() - began).toBeLessThan(10_000);
      expect(textOf(cardOf(answer))).toContain('You added stuck@contoso.com as a Contributor.');
      expect(bot.connector.updated).toEqual([expect.objectContaining({ conversationId: chat.id, activityId: 'stuck-form' })]);
      expect(await bot.connector.waitingAfter(2_000)).toBe(0);
    } finally {
      bot.connector.updatesHeld = undefined;
    }
    expect(await member('stuck@contoso.com')).toMatchObject({ role: 'contributor', status: 'invited' });
  }, 20_000);

  it('speaks to each person in the language of their own Teams client', async () => {
    await bot.say(oscar, 'hej', { locale: 'sv-SE' });
    await bot.say(carl, 'invite sv@contoso.com as contributor', { delivery: 'normal', locale: 'sv-SE' });
    expect(textOf(cardsOf(bot.connector.sentTo(personalChat(oscar).id))[0])).toContain('Begäran om inbjudan');
    expect(textOf(cardsOf(bot.connector.sentTo(personalChat(olivia).id))[0])).toContain('Invitation request');

    bot.connector.reset();
    await bot.click(olivia, 'invite.approve', { invitationId: (await invitationFor('sv@contoso.com')).id });
    const updated = (chat: string) => textOf(bot.connector.updated.find((u) => u.conversationId === chat)!.activity['attachments'][0].content);
    expect(updated(personalChat(oscar).id)).toContain('Godkänd av Olivia Owner');
    expect(updated(personalChat(olivia).id)).toContain('Approved by Olivia Owner');
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain('Din inbjudan för sv@contoso.com godkändes av Olivia Owner.');
    await bot.say(oscar, 'hi');
    await bot.say(carl, 'hi');
  });

  it('names each outcome with one Swedish word, on the card, in the message to the requester and in the history', async () => {
    const sv = { locale: 'sv-SE' };
    await bot.say(carl, 'bjud in ångrad@contoso.com som deltagare', { ...sv, delivery: 'normal' });
    const cancelled = cardOf(await bot.click(carl, 'invite.cancel', { invitationId: (await invitationFor('ångrad@contoso.com')).id }, sv));
    expect(textOf(cancelled)).toContain('Avbruten av Carl Contributor');

    await bot.say(carl, 'bjud in sen@contoso.com som deltagare', { ...sv, delivery: 'normal' });
    const { id } = await invitationFor('sen@contoso.com');
    expect(textOf(cardOf(await bot.click(carl, 'invite.refresh', { invitationId: id }, { ...sv, trigger: 'automatic' })))).toContain('Går ut 9 dec. 2026 09:00 UTC');
    clock.now = new Date(START.getTime() + 14 * DAY + 1000);
    expect(textOf(cardOf(await bot.click(olivia, 'invite.approve', { invitationId: id }, sv)))).toContain('Gick ut 9 dec. 2026 09:00 UTC: ingen hann bestämma sig.');
    expect(wordsOf(bot.connector.sentTo(personalChat(carl).id))).toContain('Din inbjudan för sen@contoso.com gick ut innan en ägare beslutade.');

    expect(textOf(cardsOf(await bot.say(olivia, 'historik', sv))[0])).toContain('Status: Väntar → Avbruten');
  });

  it('lets a non-member ask for access from the whoami card', async () => {
    const whoami = cardsOf(await bot.say(nina, 'whoami'))[0];
    expect(actionsOf(whoami)).toEqual([expect.objectContaining({ verb: 'access.request' })]);
    const answer = await bot.click(nina, 'access.request', {});
    expect(answer.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('went to the Owners') });
    expect(await invitationFor('nina@contoso.com')).toMatchObject({ status: 'pending', role: 'contributor', requestedBy: { aadObjectId: nina.aadObjectId } });
    expect(cardsOf(bot.connector.sentTo(personalChat(olivia).id))).toHaveLength(1);
    expect((await bot.click(nina, 'access.request', {})).body.value.message).toContain('already waiting');
    // She asked for herself: she hears about her request, not about "your invitation for nina@contoso.com".
    await bot.click(olivia, 'invite.approve', { invitationId: (await invitationFor('nina@contoso.com')).id });
    expect(wordsOf(bot.connector.sentTo(personalChat(nina).id))).toContain('Your request for access was approved by Olivia Owner. Type help to see what you can do.');
  });

  it('needs the checklist done first, with a way to it', async () => {
    const { id } = await invitationFor('nina@contoso.com');
    await bot.click(olivia, 'invite.approve', { invitationId: id });
    await bot.click(olivia, 'prereq.reopen', { step: 'portal' });
    const gate = cardsOf(await bot.say(carl, 'invite someone@contoso.com'))[0];
    expect(textOf(gate)).toContain('Inviting members and editing the profile need every required prerequisite done. Steps still to do: 4.');
    expect(textOf(gate)).toContain('Step 4: Sign in to the Cloud Partner Portal');
    expect(actionsOf(gate)).toEqual([{ title: 'Open the checklist', verb: 'prereq.view', data: {} }]);
    expect(cardOf(await bot.click(carl, 'invite.create', { email: 'x@contoso.com', role: 'owner' }))).toMatchObject({ body: expect.anything() });
    await bot.click(olivia, 'prereq.update', { step: 'portal', signedInOn: '2026-11-24' });
  });

  it('holds an approval back while a required step is open again, and lets it through once the step is done', async () => {
    const invitation = await request(carl, 'gated@contoso.com');
    await bot.click(olivia, 'prereq.reopen', { step: 'mpn' });
    // The card stays as it is, Approve and all, and the click is answered with why it waits.
    const held = await bot.click(olivia, 'invite.approve', { invitationId: invitation.id });
    expect(held).toMatchObject({ status: 409, body: { value: { message: 'Approving waits until every required prerequisite is done; the invitation stays pending meanwhile. Steps still to do: 1.' } } });
    expect(await invitationFor('gated@contoso.com')).toMatchObject({ status: 'pending' });
    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail('gated@contoso.com'))).toBeUndefined();

    await bot.click(olivia, 'prereq.update', { step: 'mpn', ...VALID_STEPS['mpn'] });
    const approved = cardOf(await bot.click(olivia, 'invite.approve', { invitationId: invitation.id }));
    expect(textOf(approved)).toContain('Approved by Olivia Owner');
    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail('gated@contoso.com'))).toMatchObject({ status: 'invited' });
  });
  it('opens a 1:1 chat with an Owner, and with the requester, who have talked to the bot only in a channel', async () => {
    const [owner, other, requester] = channelPeople;
    const general = channel('19:elsewhere-general@thread.tacv2');
    await organization(bot, owner!);
    await bot.say(owner!, `invite ${other!.email} as owner`);
    await bot.say(owner!, `invite ${requester!.email} as contributor`);
    await bot.say(other!, 'hello', { conversation: general });
    await bot.say(requester!, `invite late-comer@elsewhere.example.com as contributor`, { conversation: general, delivery: 'normal' });

    const opened = bot.connector.created.find((c) => c.members?.[0]?.id === other!.id);
    expect(opened).toMatchObject({ isGroup: false, tenantId: other!.tenantId, channelData: { tenant: { id: other!.tenantId } } });
    const chatOf = async (person: Person) => (await bot.app.store.read(person.tenantId, (t) => t.user(person.aadObjectId)))?.personalConversationId;
    const otherChat = await chatOf(other!);
    expect(otherChat).toMatch(/^a:created-/);
    expect(textOf(cardsOf(bot.connector.sentTo(otherChat!))[0])).toContain('late-comer@elsewhere.example.com');

    const { id } = (await bot.app.store.read(owner!.tenantId, (t) => t.invitations({ status: 'pending' })))[0]!;
    cardOf(await bot.click(owner!, 'invite.approve', { invitationId: id }));
    const requesterChat = await chatOf(requester!);
    expect(requesterChat).toMatch(/^a:created-/);
    expect(wordsOf(bot.connector.sentTo(requesterChat!))).toContain('Your invitation for late-comer@elsewhere.example.com was approved by');
  });

  it('pages a long list of pending invitations, ten to a card, and shows the same page again after a decision from it', async () => {
    for (const { id } of await bot.app.store.read(CONTOSO, (t) => t.invitations({ status: 'pending' }))) {
      await bot.click(olivia, 'invite.reject', { invitationId: id });
    }
    for (let n = 1; n <= 23; n++) await request(carl, `waiting-for-a-decision-${n}@contoso.com`);
    const first = cardsOf(await bot.say(olivia, 'invites'))[0];
    expect(textOf(first)).toContain('23 waiting · page 1 of 3');
    expect(actionsOf(first).filter((a) => a.verb === 'invite.approve')).toHaveLength(10);
    expect(actionsOf(first).filter((a) => a.verb === 'invites.view')).toEqual([{ title: 'Next page', verb: 'invites.view', data: { page: 2 } }]);
    // Teams refuses a message over about 28 KB.
    expect(JSON.stringify(first).length).toBeLessThan(20_000);

    const last = cardOf(await bot.click(olivia, 'invites.view', { page: 3 }));
    expect(textOf(last)).toContain('23 waiting · page 3 of 3');
    const decisions = actionsOf(last).filter((a) => a.verb === 'invite.approve');
    expect(decisions.map((a) => a.data)).toEqual([21, 22, 23].map((n) => ({ invitationId: expect.any(String), from: 'list', page: 3 })));
    const after = cardOf(await bot.click(olivia, 'invite.approve', decisions[0]!.data));
    expect(textOf(after)).toContain('22 waiting · page 3 of 3');
    expect(textOf(after)).toMatch(/waiting-for-a-decision-\d+@contoso\.com: Approved by Olivia Owner/);
    // The last one on the last page: the list shows the page before.
    for (const { data } of actionsOf(cardOf(await bot.click(olivia, 'invites.view', { page: 3 }))).filter((a) => a.verb === 'invite.reject')) {
      const answer = cardOf(await bot.click(olivia, 'invite.reject', data));
      if (textOf(answer).includes('20 waiting')) expect(textOf(answer)).toContain('page 2 of 2');
    }
    expect(textOf(cardsOf(await bot.say(olivia, 'invites', { locale: 'sv-SE' }))[0])).toContain('20 väntar · sida 1 av 2');
  });
});

describe('invitations when Teams refuses, holds or refreshes on its own', () => {
  let bot: TestBot;
  const chat = groupChat('19:team-chat@thread.v2');
  const invitationFor = async (email: string) => (await bot.app.store.read(CONTOSO, (t) => t.invitations({ email }))).at(-1)!;
  const toOwner = () => cardsOf(bot.connector.sentTo(personalChat(olivia).id)).map(textOf).join('\n');
  beforeAll(async () => {
    bot = await startBot();
    await organization(bot, olivia, [[carl, 'contributor']]);
  });
  afterAll(() => bot.close());

  it('answers a button whose new message Teams does not take within its limit, and leaves the connection to Teams closed', async () => {
    bot.connector.sendsHeld.set(personalChat(carl).id, new Promise<void>(() => undefined));
    try {
      const began = Date.now();
      const answer = await bot.click(carl, 'command.run', { command: 'members' }, { replyToId: 'help-card' });
      expect(answer.status).toBe(200);
      expect(Date.now() - began).toBeLessThan(10_000);
      expect(await bot.connector.waitingAfter(2_000)).toBe(0);
    } finally {
      bot.connector.sendsHeld.clear();
    }
  }, 20_000);

  it('still sends a request to the Owners when Teams refuses the card in the chat where it was asked', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/`;
    bot.connector.reset();
    await bot.say(carl, 'invite dana@contoso.com as contributor', { conversation: groupChat('19:bot-removed@thread.v2'), delivery: 'normal', serviceUrl: dead });
    expect(await invitationFor('dana@contoso.com')).toMatchObject({ status: 'pending' });
    expect(toOwner()).toContain('dana@contoso.com');

    await bot.say(nina, 'hello');
    bot.connector.reset();
    const answer = await bot.click(nina, 'access.request', {}, { conversation: groupChat('19:bot-removed-2@thread.v2'), serviceUrl: dead, replyToId: 'whoami-card' });
    expect(answer.body.value).toContain('went to the Owners');
    expect(toOwner()).toContain(nina.email);
  });

  it('names in a posted list\'s refresh only people it answers, and a refresh activates and announces nothing', async () => {
    await bot.say(nina, 'hi', { conversation: chat });
    const ninaTeamsId = (await bot.app.store.read(CONTOSO, (t) => t.user(nina.aadObjectId)))!.teamsUserId;
    const [list] = cardsOf(await bot.say(carl, 'invites', { conversation: chat }));
    // Nina asked for access: she is no member, and may not see the list.
    expect(list!['refresh'].userIds).not.toContain(ninaTeamsId);

    await bot.click(olivia, 'invite.approve', { invitationId: (await invitationFor(nina.email)).id });
    bot.connector.reset();
    const events = async () => (await bot.app.store.read(CONTOSO, (t) => t.auditEvents({ offset: 0, limit: 0 }))).total;
    const before = await events();
    // Her client refreshes a card that names her (posted before she asked) on its own, as she opens the chat.
    await bot.click(nina, 'invites.view', { page: 1 }, { conversation: chat, trigger: 'automatic', replyToId: 'list' });
    expect(bot.connector.sentTo(chat.id)).toEqual([]);
    expect(await events()).toBe(before);
    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail(nina.email))).toMatchObject({ status: 'invited' });
    // Her own first message does.
    expect(wordsOf(await bot.say(nina, 'hi', { conversation: chat }))).toContain('Welcome');
    expect(await bot.app.store.read(CONTOSO, (t) => t.memberByEmail(nina.email))).toMatchObject({ status: 'active' });
  });
});
