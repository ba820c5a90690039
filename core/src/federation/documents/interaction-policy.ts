import { audienceOf, isJsonObject } from './activitypub-values.js';

/** Who may do something to an object, and whether the author must approve it first. */
export interface InteractionRule {
  automaticApproval: readonly string[];
  manualApproval: readonly string[];
}

/** GoToSocial's `interactionPolicy` (canLike, canReply, canAnnounce, and any other `can…`). */
export type InteractionPolicy = Readonly<Record<string, InteractionRule>>;

/**
 * Reads an interaction policy in either of GoToSocial's spellings: `always`/`approvalRequired` (0.17)
 * or `automaticApproval`/`manualApproval` (0.19 on).
 */
export function interactionPolicyOf(value: unknown): InteractionPolicy | null {
  if (!isJsonObject(value)) return null;
  const policy: Record<string, InteractionRule> = {};
  for (const [name, rule] of Object.entries(value)) {
    if (!name.startsWith('can') || !isJsonObject(rule)) continue;
    policy[name] = {
      automaticApproval: [...audienceOf(rule.automaticApproval), ...audienceOf(rule.always)],
      manualApproval: [...audienceOf(rule.manualApproval), ...audienceOf(rule.approvalRequired)],
    };
  }
  return policy;
}
