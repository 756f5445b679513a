import { ZoneMinderServices, type ZoneMinderServicesOptions } from './zoneminder-services.ts';

/** What sharing needs of the services: that they stop. */
type Stoppable = Pick<ZoneMinderServices, 'stop'>;

/** One machine runs one ZoneMinder: hub instances of one run (police and council) share it. */
interface Share {
  services: Promise<Stoppable>;
  users: number;
  /** The instance that started it: its log and crash report speak for the services. */
  owner: string;
}

const shares = new Map<number, Share>();

/** A handle on the process-wide services on one port; release() stops them once their last user lets go. */
export interface SharedServices<S> {
  services: S;
  /** The hub instance whose open() started (or found) them. */
  owner: string;
  release(): Promise<void>;
}

/**
 * The services on `port`, started by the first hub instance that asks and shared with the ones
 * after it; stopped when the last one releases them. A start that failed is not shared: the next
 * instance starts again.
 */
export async function acquireShared<S extends Stoppable>(
  port: number,
  instance: string,
  start: () => Promise<S>,
): Promise<SharedServices<S>> {
  let share = shares.get(port);
  if (share === undefined) {
    const starting: Share = { services: start(), users: 0, owner: instance };
    share = starting;
    shares.set(port, starting);
    starting.services.catch(() => {
      if (shares.get(port) === starting) shares.delete(port);
    });
  }
  const held = share;
  held.users++;
  let services: S;
  try {
    // The map holds one kind of services per port: what the first start() of this port returned.
    services = (await held.services) as S;
  } catch (err) {
    held.users--;
    throw err;
  }
  let released = false;
  return {
    services,
    owner: held.owner,
    async release() {
      if (released) return;
      released = true;
      held.users--;
      if (held.users > 0) return;
      if (shares.get(port) === held) shares.delete(port);
      await services.stop();
    },
  };
}

/** The machine's ZoneMinder on `options.port`, shared by the run's hub instances. */
export function acquireZoneMinder(
  instance: string,
  options: ZoneMinderServicesOptions,
): Promise<SharedServices<ZoneMinderServices>> {
  return acquireShared(options.port, instance, () => ZoneMinderServices.start(options));
}
