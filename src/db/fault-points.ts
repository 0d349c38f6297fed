// Named points inside multi-step writes where a test can make the write fail midway, to prove it
// is atomic. Nothing is registered outside tests, so a point costs one variable read.
type FaultHook = (point: string) => void | Promise<void>;

let hook: FaultHook | undefined;

/** Tests only: called at every fault point until cleared with undefined. */
export function setFaultHook(next: FaultHook | undefined): void {
  hook = next;
}

export async function faultPoint(point: string): Promise<void> {
  if (hook) await hook(point);
}
