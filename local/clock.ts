/**
 * The simulated clock of the local stack (R-TIME-04: time is injected). It starts at the real
 * time or at `LOCAL_START_TIME`; `set()` moves it (POST /dev/clock). A running clock goes on
 * ticking with real time from the instant it was set (what `npm start` uses, so the minute sweep
 * sees time pass); a frozen clock stays where it was put (what the tests use).
 */
import type { Clock } from '../functions/deps.js';

export interface SimulatedClock extends Clock {
  /** Moves the clock to an instant (ISO-8601 with offset); answers the normalised UTC instant. */
  set(instant: string): string;
  readonly mode: 'running' | 'frozen';
}

export interface SimulatedClockOptions {
  /** Where the clock starts; default: the real time. */
  start?: string | undefined;
  /** Default 'running'. */
  mode?: 'running' | 'frozen';
  /** Source of real time (tests); default Date.now. */
  realNow?: () => number;
}

/** Parses an ISO-8601 instant with a date, a time and an offset (or Z); throws a readable error. */
export function parseInstant(value: string): number {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new RangeError(`not an ISO-8601 instant with an offset: '${String(value)}' (e.g. 2026-03-06T00:00:00+01:00)`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: '${value}'`);
  return ms;
}

export function createSimulatedClock(options: SimulatedClockOptions = {}): SimulatedClock {
  const realNow = options.realNow ?? Date.now;
  const mode = options.mode ?? 'running';
  let base = options.start === undefined ? realNow() : parseInstant(options.start);
  let setAt = realNow();
  return {
    mode,
    now() {
      const ms = mode === 'running' ? base + (realNow() - setAt) : base;
      return new Date(ms).toISOString();
    },
    set(instant) {
      base = parseInstant(instant);
      setAt = realNow();
      return new Date(base).toISOString();
    },
  };
}

/** The start instant from the environment (`LOCAL_START_TIME`), validated. */
export function startTimeFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.LOCAL_START_TIME;
  if (raw === undefined || raw === '') return undefined;
  try {
    parseInstant(raw);
  } catch (error) {
    throw new Error(`LOCAL_START_TIME: ${(error as Error).message}`);
  }
  return raw;
}
