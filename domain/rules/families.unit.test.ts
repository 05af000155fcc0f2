/**
 * The rule families compose without gaps or overlaps: every incoming event type has exactly one
 * handler, every time trigger kind belongs to one family, and every domain event type is emitted
 * by some family (or by decide itself when it opens an account).
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../domain-events.js';
import { anyEvent } from '../events.js';
import { FAMILIES, TRIGGER_ORDER } from './index.js';

const incomingTypes = anyEvent.options.map((o) => o.shape.type.value);
/** Handled by decide itself: the sweep's tick runs the time rules and nothing else. */
const OWN_HANDLERS = ['subscription.due'];
/** Emitted by decide itself: opening the account on customer.created. */
const OWN_EVENTS = ['CustomerCreated'];

describe('rule families', () => {
  it('handle every incoming event type in exactly one family', () => {
    for (const type of incomingTypes) {
      const owners = Object.entries(FAMILIES).filter(([, f]) => Object.hasOwn(f.handlers, type)).map(([name]) => name);
      expect({ type, owners: owners.length + (OWN_HANDLERS.includes(type) ? 1 : 0) }).toEqual({ type, owners: 1 });
    }
  });

  it('handle no type that is not an incoming event', () => {
    const handled = Object.values(FAMILIES).flatMap((f) => Object.keys(f.handlers));
    expect(handled.filter((t) => !incomingTypes.includes(t as never))).toEqual([]);
  });

  it('raise the time triggers of TRIGGER_ORDER, one family per kind, the families in that order', () => {
    expect(Object.values(FAMILIES).flatMap((f) => [...f.triggerKinds])).toEqual([...TRIGGER_ORDER]);
  });

  it('emit every domain event type between them', () => {
    const emitted = new Set([...Object.values(FAMILIES).flatMap((f) => [...f.emits]), ...OWN_EVENTS]);
    expect(EVENT_TYPES.filter((t) => !emitted.has(t))).toEqual([]);
  });
});
