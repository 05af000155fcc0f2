/**
 * decide() throughput over a realistic year of events for customers on the five presets, and the
 * cost of the calendar operations under it (calendar.ts, with raw luxon for reference).
 *
 * The workload: customers created through the year, one or two subscriptions each, monthly (or
 * yearly) payments a few days after each invoice — most customers pay, some stop — seat changes,
 * cancellations by the channel the terms accept, and the sweep's due ticks at every `dueAt` the
 * decisions report, exactly as the pipeline would deliver them. External events are generated
 * before timing; the ticks are part of the replay (they are events too).
 */
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { Bench } from 'tinybench';
import { addDays, addMonths, localDateOf, startOfDay } from '../domain/calendar.js';
import { decide, presetCatalog, tick, type Account, type IncomingEvent } from '../domain/index.js';
import type { BenchDef, BenchFigure } from './index.js';
import { prng } from './prng.js';

const PRESETS = ['total-progress', 'totaldesk', 'computerstudent', 'total-internet-group', 'into-telecom'] as const;
const VAT_INCLUDED = new Set(['total-progress']);


interface Timed { readonly at: string; readonly event: IncomingEvent }
interface CustomerScript { readonly id: string; readonly events: readonly Timed[]; readonly until: string }

const at = (day: string, hour: number): string => new Date(Date.parse(startOfDay(day)) + hour * 3_600_000).toISOString();

/** One customer's external events over a year from `start`, in time order. */
function customerScript(i: number, rnd: () => number): CustomerScript {
  const termsId = PRESETS[i % PRESETS.length]!;
  const consumer = termsId === 'total-progress' || (termsId === 'computerstudent' && rnd() < 0.5);
  const id = `cus_${i}`;
  const start = addDays('2026-01-01', Math.floor(rnd() * 90));
  const events: Timed[] = [];
  let n = 0;
  const push = (day: string, hour: number, type: IncomingEvent['type'], data: Record<string, unknown>) =>
    events.push({ at: at(day, hour), event: { id: `${id}:${++n}`, type, occurredAt: at(day, hour), data } as IncomingEvent });

  push(start, 9, 'customer.created', { customerId: id, kind: consumer ? 'consumer' : 'business', name: `Customer ${i}`, email: `c${i}@example.nl`, language: 'nl', resellerId: 'r1', directDebit: rnd() < 0.7 });
  const subs = 1 + (rnd() < 0.3 ? 1 : 0);
  const yearly = termsId === 'total-progress';
  let monthly = 0;
  for (let s = 0; s < subs; s++) {
    const seats = 1 + Math.floor(rnd() * 8);
    const price = 1000 + Math.floor(rnd() * 9000);
    const gross = VAT_INCLUDED.has(termsId) ? price * seats : Math.round(price * seats * 1.21);
    monthly += gross;
    push(start, 10, 'subscription.created', { subscriptionId: `${id}_s${s}`, customerId: id, termsId, seats, plan: { name: 'plan', priceCents: price, period: yearly ? 'year' : 'month' } });
    if (termsId === 'totaldesk') push(start, 11, 'subscription.activated', { subscriptionId: `${id}_s${s}` });
  }
  const stopsPayingAfter = rnd() < 0.8 ? 99 : 2 + Math.floor(rnd() * 6);
  const cancelsInMonth = rnd() < 0.2 ? 6 + Math.floor(rnd() * 4) : null;
  const changesSeatsInMonth = rnd() < 0.3 ? 1 + Math.floor(rnd() * 10) : null;
  const channel = termsId === 'into-telecom' ? 'registered_mail' : 'email';
  const inArrears = termsId === 'computerstudent' || termsId === 'total-internet-group';
  for (let m = 0; m < 12; m++) {
    const invoiceDay = addMonths(start, inArrears ? m + 1 : m);
    if (m < stopsPayingAfter && (!yearly || m === 0)) {
      push(addDays(invoiceDay, 2 + Math.floor(rnd() * 10)), 14, 'payment.succeeded', { paymentId: `${id}_p${m}`, customerId: id, amountCents: monthly, method: 'ideal' });
    }
    if (changesSeatsInMonth === m) push(addDays(addMonths(start, m), 15), 12, 'subscription.seats_changed', { subscriptionId: `${id}_s0`, seats: 2 + Math.floor(rnd() * 8) });
    if (cancelsInMonth === m) push(addDays(addMonths(start, m), 20), 16, 'cancellation.requested', { subscriptionId: `${id}_s0`, channel });
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { id, events, until: at(addMonths(start, 12), 6) };
}

export function workload(customers: number, seed = 42): CustomerScript[] {
  const rnd = prng(seed);
  return Array.from({ length: customers }, (_, i) => customerScript(i, rnd));
}

/** Replays the scripts through decide, with the sweep's due ticks in between; returns events decided per type. */
export function replay(scripts: readonly CustomerScript[]): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (t: string) => counts.set(t, (counts.get(t) ?? 0) + 1);
  for (const s of scripts) {
    let state: Account | null = null;
    let due: string | null = null;
    const sweepUpTo = (limit: string) => {
      while (state !== null && due !== null && due <= limit) {
        const d = decide(state, tick(state, due), presetCatalog, due);
        count('subscription.due');
        state = d.state;
        if (d.dueAt !== null && d.dueAt <= due) break; // nothing moved: the sweep would not spin
        due = d.dueAt;
      }
    };
    for (const { at: when, event } of s.events) {
      sweepUpTo(when);
      const d = decide(state, event, presetCatalog, when);
      count(event.type);
      state = d.state;
      due = d.dueAt;
    }
    sweepUpTo(s.until);
  }
  return counts;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const CUSTOMERS = 100;

const RUNS = 5;

const decideThroughput: BenchDef = {
  name: 'decide-year',
  description: `decide() over a year of ${CUSTOMERS} customers on the five presets (median of ${RUNS} runs)`,
  async run(ctx) {
    const scripts = workload(CUSTOMERS);
    const counts = replay(scripts); // warm-up, and the event mix
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    ctx.report(`events per run: ${total} — ${[...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t, c]) => `${t} ${c}`).join(', ')}`);
    const rates: number[] = [];
    const micros: number[] = [];
    const cpuMicros: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      replay(scripts);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      rates.push(total / (ms / 1000));
      micros.push((ms * 1000) / total);
      cpuMicros.push((cpu.user + cpu.system) / total);
    }
    const eps = median(rates);
    const us = median(micros);
    const cpuUs = median(cpuMicros);
    ctx.report(`throughput: ${Math.round(eps).toLocaleString('en')} events/s wall clock (runs: ${rates.map((x) => Math.round(x)).join(', ')})`);
    ctx.report(`latency:    ${us.toFixed(1)} µs/event wall clock, ${cpuUs.toFixed(1)} µs/event CPU time (medians; CPU time is the figure to trust on a busy machine)`);
    ctx.report(`CPU-bound:  ${Math.round(1e6 / cpuUs).toLocaleString('en')} events/s per core`);
    return [
      { label: 'events/s', value: eps, unit: 'events/s' },
      { label: 'µs/event', value: us, unit: 'µs' },
      { label: 'CPU µs/event', value: cpuUs, unit: 'µs' },
    ];
  },
};

const calendarOps: BenchDef = {
  name: 'calendar',
  description: 'the calendar under the rules: calendar.ts operations per op, raw luxon (what calendar.ts used to wrap) for reference',
  async run(ctx) {
    const days = Array.from({ length: 366 }, (_, i) => addDays('2026-01-01', i));
    const instants = days.map((d) => startOfDay(d));
    let i = 0;
    const next = () => (i = (i + 1) % days.length);
    const bench = new Bench({ time: 300, warmupTime: 100 });
    bench
      .add('addMonths(date, 1)', () => void addMonths(days[next()]!, 1))
      .add('addDays(date, 14)', () => void addDays(days[next()]!, 14))
      .add('startOfDay(date)', () => void startOfDay(days[next()]!))
      .add('localDateOf(instant)', () => void localDateOf(instants[next()]!))
      .add('luxon fromISO+plus+toISODate', () => void DateTime.fromISO(days[next()]!, { zone: 'Europe/Amsterdam' }).plus({ months: 1 }).toISODate())
      .add('string compare (baseline)', () => void (days[next()]! < days[(i + 7) % days.length]!));
    await bench.run();
    const figures: BenchFigure[] = [];
    for (const t of bench.tasks) {
      const r = t.result;
      if (r.state !== 'completed' && r.state !== 'aborted-with-statistics') continue;
      const us = r.latency.p50 * 1000;
      ctx.report(`${t.name.padEnd(30)} ${us.toFixed(2).padStart(7)} µs/op (p50)  ${Math.round(r.throughput.mean).toLocaleString('en').padStart(12)} ops/s`);
      figures.push({ label: t.name, value: us, unit: 'µs/op' });
    }
    return figures;
  },
};

export const decideBenches: BenchDef[] = [decideThroughput, calendarOps];
