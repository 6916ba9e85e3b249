import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { actions } from '../../src/bot/actions/index.js';
import { renderCard, type CardName } from '../../src/bot/render.js';
import { actionsOf } from '../helpers/cards.js';

const names = readdirSync('cards').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
const verbs = new Set(actions.map((a) => a.verb));

describe('card templates', () => {
  it.each(names)('%s is an Adaptive Card 1.5 whose buttons are registered Action.Execute verbs', (name) => {
    const card = JSON.parse(readFileSync(`cards/${name}.json`, 'utf8'));
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    const raw = JSON.stringify(card);
    expect(raw).not.toMatch(/"type":\s*"Action\.(Submit|ShowCard)"/);
    // A verb bound from data (the generic form) is checked where that data is built, in the e2e tests.
    for (const action of actionsOf(card).filter((a) => !a.verb.startsWith('${'))) expect(verbs).toContain(action.verb);
  });

  it('gives the same frozen card for the same data, without the nulls of false $when conditions', () => {
    const data = (notice: string) => ({
      title: 'Members', count: '2 members', notice, page: 1, pages: 1, canManage: false,
      labels: { remove: 'Remove', next: 'Next', previous: 'Previous' }, members: [],
    });
    const first = renderCard('members', data(''));
    expect(renderCard('members', data(''))).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first["body"] as unknown[]).push({})).toThrow(TypeError);
    expect(JSON.stringify(first)).not.toContain('null');
    expect(JSON.stringify(first)).not.toContain('"color":"Good"');

    const other = renderCard('members', data('Saved.'));
    expect(other).not.toBe(first);
    expect(JSON.stringify(other)).toContain('"text":"Saved."');
  });

  it('binds data, leaving no unbound ${...} expressions', () => {
    const card = renderCard('whoami' as CardName, {
      title: 'T', statement: 'S', name: 'N', email: '', emailLabel: 'E', since: '', sinceLabel: 'M', ownersLabel: 'O', owners: [], canRequest: false, requestAccess: 'R',
    });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(JSON.stringify(card)).not.toContain('"title":"E"');
  });
});
