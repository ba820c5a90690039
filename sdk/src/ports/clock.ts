/** Injectable time, so tests control it. Everything that compares with "now" asks the clock. */
export interface Clock {
  now(): Date;
}
