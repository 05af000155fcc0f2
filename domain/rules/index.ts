/**
 * The rule families (docs/domain.md): each module holds one family's incoming-event handlers, time
 * triggers and the domain events it emits. `decide.ts` merges the handlers, `clock.ts` gathers the
 * triggers; FAMILIES lists them with their time triggers in TRIGGER_ORDER.
 */
import * as start from './start.js';
import * as renewalNotice from './renewal-notice.js';
import * as prices from './prices.js';
import * as billing from './billing.js';
import * as payment from './payment.js';
import * as dunning from './dunning.js';
import * as suspension from './suspension.js';
import * as dissolution from './dissolution.js';
import * as data from './data.js';
import * as invoicing from './invoicing.js';

export { start, renewalNotice, prices, billing, payment, dunning, suspension, dissolution, data, invoicing };
export const FAMILIES = { start, renewalNotice, prices, billing, payment, dunning, suspension, dissolution, data, invoicing } as const;
export { TRIGGER_ORDER, ignored, type TriggerKind, type Trigger, type Outcome, type Handler, type Handlers, type AllHandlers } from './family.js';
