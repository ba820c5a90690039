/** @commonplace/core: boots instances. Instances and the CLI use this; plugins never do. */
export { bootInstance, type BootOptions, type RunningInstance } from './kernel/boot.js';
export { BootError } from './kernel/boot-error.js';
export { loadInstance } from './cli/load-instance.js';
export { systemClock, ManualClock } from './runtime/clock.js';
