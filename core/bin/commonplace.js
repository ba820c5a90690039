#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, with the decorator settings type-graphql needs.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('../src/cli/main.ts');
