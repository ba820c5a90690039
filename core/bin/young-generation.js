// Start-up allocates in one burst (modules, the GraphQL schema, PGlite), and V8 answers it by
// growing its young generation to its 32 MB maximum, which an idle server then keeps. Holding the
// growth off until the instance has booted leaves it small; afterwards V8 grows it again if
// requests need it. Plain JavaScript: the bin calls it before anything else is loaded.
import { setFlagsFromString } from 'node:v8';

const GROWTH_FLAG = '--semi-space-growth-factor';
/** V8's default growth factor (Node 20 and 22). */
const DEFAULT_GROWTH = 2;

/** Holds the young generation at its starting size; the function returned lets it grow again. */
export function holdYoungGenerationUntilBooted(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  // Whoever sized the young generation on the command line keeps their choice.
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => arg.startsWith(GROWTH_FLAG) || arg.includes('semi-space-size'));
  if (given) return () => {};
  setFlagsFromString(`${GROWTH_FLAG}=1`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    setFlagsFromString(`${GROWTH_FLAG}=${DEFAULT_GROWTH}`);
  };
}
