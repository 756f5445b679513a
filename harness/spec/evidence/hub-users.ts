import type { RunFacts } from '../requirement.ts';

/** The camera-side user of a hub instance: how camera observations are attributed to a hub. */
export function userOfHub(run: RunFacts, hub: string): string {
  return run.hubUsers?.[hub] ?? hub;
}

/** The hub instance a camera-side user belongs to, if any. */
export function hubOfUser(run: RunFacts, user: string | undefined): string | undefined {
  if (user === undefined) return undefined;
  return run.hubs.find((h) => userOfHub(run, h) === user);
}
