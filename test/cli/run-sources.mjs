// Runs the CLI from its TypeScript sources, as the bin does when no compiled build is current, so
// the tests see this checkout's code whatever state dist/ is in (and without the bin's notice).
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../../tsconfig.base.json', import.meta.url).pathname });
const { runCli } = await import('../../core/src/cli/main.ts');
await runCli(process.argv);
