/** Delivery jobs, as deliveryJobs() names them; the kernel registers them as `core.<name>`. */
export const FANOUT_JOB = 'federation.fanout';
export const DELIVER_JOB = 'federation.deliver';
export const FANOUT_JOB_NAME = `core.${FANOUT_JOB}`;
export const DELIVER_JOB_NAME = `core.${DELIVER_JOB}`;

/** What publish() hands the fan-out job. */
export interface FanOutPayload {
  /** core_outbox.id */
  outboxId: string;
  /** Local actors whose accepted remote followers receive the activity. */
  followersOf: string[];
  /** Actor URIs addressed one by one (to, cc, bto, bcc, audience): remote ones known in core_actors get it. */
  recipients: string[];
}

/** One POST of one activity to one inbox. */
export interface DeliverPayload {
  outboxId: string;
  inbox: string;
  /** A personal inbox (the actor has no shared inbox): a 410 from it means that actor is gone. */
  personal: boolean;
  /** 0 first; raised each time the job is put back (paused or busy host), to take a fresh dedupe key. */
  generation?: number;
}

export function deliveryDedupeKey(activityUri: string, inbox: string, generation = 0): string {
  return generation > 0 ? `${activityUri}|${inbox}|${generation}` : `${activityUri}|${inbox}`;
}
