import { z } from 'zod';
import type { Camera } from '../../camera/camera.ts';
import { defineFaultKind } from '../fault-kind.ts';

const schema = z
  .object({
    /** The user whose password changes; absent means every user of the camera. */
    username: z.string().min(1).optional(),
    password: z.string().min(1),
  })
  .strict();

/**
 * The password changes on the device (an installer's reset, a rotation): anyone still using the
 * old one gets 401 / NotAuthorized. Clearing restores the old password where this fault's one
 * is still in place, so a later change made by someone else survives.
 */
export const credentialsFault = defineFaultKind({
  kind: 'credentials',
  summary: "a user's password changes on the camera (old one gets 401); clearing restores it",
  schema,
  create(cfg, ctx) {
    const previous = new Map<Camera, Map<string, string>>();
    return {
      start: () => {
        for (const camera of ctx.cameras) {
          const changed = new Map<string, string>();
          const users = camera.users.map((u) => {
            if (cfg.username !== undefined && u.username !== cfg.username) return u;
            changed.set(u.username, u.password);
            return { ...u, password: cfg.password };
          });
          previous.set(camera, changed);
          if (changed.size > 0) camera.setUsers(users);
        }
      },
      close: () => {
        for (const [camera, changed] of previous) {
          if (changed.size === 0) continue;
          camera.setUsers(
            camera.users.map((u) =>
              changed.has(u.username) && u.password === cfg.password ? { ...u, password: changed.get(u.username)! } : u,
            ),
          );
        }
        previous.clear();
      },
    };
  },
});
