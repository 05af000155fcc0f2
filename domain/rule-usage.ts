/**
 * Which terms profiles a rule applies under, where a profile parameter decides it (a profile
 * that never suspends has no R-SUSP-01). Rules not listed apply under every profile: conventions,
 * the law, or rules whose parameters change how they apply but not whether (docs/rules.md).
 */
import type { RuleId } from './rule-ids.js';
import type { TermsProfile } from './terms.js';

const consumers = (t: TermsProfile) => t.customerKinds.includes('consumer');

/** The rule applies under a profile when its predicate holds; each reads a parameter the rule names in `params`. */
export const RULE_APPLIES: Partial<Record<RuleId, (terms: TermsProfile) => boolean>> = {
  'R-RENEW-01': (t) => t.renewalForBusiness.kind === 'sameTerm',
  'R-RENEW-02': (t) => t.renewalForBusiness.kind === 'indefinite',
  'R-RENEW-03': consumers,
  'R-NOTICE-03': (t) => t.refuseCancellationWhileInArrears,
  'R-NOTICE-04': (t) => t.cancellationForm !== 'any',
  'R-PAY-02': (t) => t.manualPaymentSurchargeBp > 0,
  'R-PAY-05': (t) => t.disputeWindowDays !== null,
  'R-SUSP-01': (t) => t.suspendWhen.kind !== 'never',
  'R-SUSP-03': (t) => t.suspendScope === 'customer',
  'R-SUSP-04': (t) => t.cascadeSuspensionToResellerCustomers,
  'R-REACT-01': (t) => t.suspendWhen.kind !== 'never',
  'R-REACT-02': (t) => t.reactivationFeePerSeatCents > 0,
  'R-DISS-01': (t) => t.dissolveWhen.kind !== 'never',
  'R-DISS-04': (t) => t.termsChangeGivesExitRight,
  'R-PRICE-01': (t) => t.priceChange.indexation === 'annualJanuary',
  'R-PRICE-02': (t) => t.priceChange.indexation === 'halfYearlyWageIndex',
  'R-LAW-01': consumers,
  'R-LAW-02': consumers,
  'R-LAW-03': consumers,
  'R-BILL-03': (t) => Object.keys(t.allowances).length > 0,
};

/** The ids of the profiles a rule applies under, or 'all'. */
export function profilesUsing(rule: RuleId, profiles: readonly TermsProfile[]): readonly string[] | 'all' {
  const applies = RULE_APPLIES[rule];
  return applies ? profiles.filter(applies).map((p) => p.id) : 'all';
}
