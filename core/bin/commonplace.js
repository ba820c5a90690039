#!/usr/bin/env node
// Runs the compiled CLI (dist/, made by `npm run build` and on `npm install`) when it is current and
// includes the instance asked for: it starts in a fraction of the time and memory. Otherwise runs the
// TypeScript sources through tsx, as before; the base tsconfig has no `include`, so its compiler
// options (legacy decorators for type-graphql) apply to core, the sdk, plugins and instances alike.
import { fileURLToPath } from 'node:url';
import { chooseCli } from './compiled-build.js';
import { holdYoungGenerationUntilBooted } from './young-generation.js';
import { restartWithMallocTuning } from './malloc-tuning.js';

restartWithMallocTuning();
const onBooted = holdYoungGenerationUntilBooted();
// This bin again, with node's own flags: `start` sets up a new embedded database in a child with it.
const selfCommand = [process.execPath, ...process.execArgv, fileURLToPath(import.meta.url)];
const choice = chooseCli({ argv: process.argv });
if (choice.kind === 'compiled') {
  const { runCli, loadInstance } = await import(choice.moduleUrl);
  await runCli(process.argv, {
    // The build holds one instance, the one chooseCli found for this command.
    importInstance: (file) => {
      if (file !== choice.instanceFile) throw new Error(`the compiled CLI holds ${choice.instanceFile}, not ${file}`);
      return loadInstance();
    },
    onBooted,
    selfCommand,
  });
} else {
  if (choice.reason) {
    console.error(`commonplace: ${choice.reason}; running the TypeScript sources through tsx, which starts slower (npm run build compiles them).`);
  }
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: new URL('../../tsconfig.base.json', import.meta.url).pathname });
  const { runCli } = await import('../src/cli/main.ts');
  await runCli(process.argv, { onBooted, selfCommand });
}
