import type { Clock } from '../ports/clock.js';

/** A clock tests move by hand: pass it to createTestInstance({ clock }) to test expiry, backoff, windows. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date('2026-01-01T00:00:00Z')) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  set(date: Date): void {
    this.current = new Date(date);
  }
}
