import type { Clock } from '@commonplace/sdk';

export const systemClock: Clock = { now: () => new Date() };

export { ManualClock } from '@commonplace/sdk/testing';
