// Starts the background work of a server process (the event processor and its sweeps) and
// returns the function that stops it. Placeholder until the events module lands (issue #5).
import type { Runtime } from '../runtime.js';

export async function startBackgroundWork(_runtime: Runtime): Promise<() => Promise<void>> {
  return async () => undefined;
}
