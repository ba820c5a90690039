#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx. The base tsconfig has no `include`, so its
// compiler options (legacy decorators for type-graphql) apply to core, the sdk, plugins and instances alike.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../../tsconfig.base.json', import.meta.url).pathname });
await import('../src/cli/main.ts');
