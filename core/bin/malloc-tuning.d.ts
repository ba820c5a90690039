// Types for malloc-tuning.js (plain JavaScript, run by the bin before anything else is loaded).

export function needsMallocTuning(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, execve?: unknown): boolean;
export function restartWithMallocTuning(): void;
