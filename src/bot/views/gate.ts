import type { GateError } from '../../domain/checklist.js';
import { renderCard, type AdaptiveCard } from '../render.js';
import type { Turn } from '../turn.js';

/** Says which required prerequisites remain, with a button that opens the checklist. */
export function gateCard(turn: Turn, gate: GateError): AdaptiveCard {
  return renderCard('gate', {
    title: turn.t('gate.title'),
    body: turn.t('gate.body', gate.params),
    steps: gate.remaining.map((s) => turn.t('prereq.stepTitle', { number: s.number, title: turn.t(`prereq.step.${s.id}.title`) })),
    open: turn.t('gate.open'),
  });
}
