import { Cam } from 'onvif';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { PtzCommand } from '../hub-adapter.ts';

/** The `onvif` client's callback style, as a promise. */
function call(run: (cb: (err: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
}

/**
 * An operator's PTZ command sent the ONVIF way, with the `onvif` client (WS-UsernameToken
 * digest) on the camera's first media profile. One connected client per camera, made on first use.
 */
export class OnvifPtz {
  private readonly cams = new Map<string, Promise<Cam>>();

  constructor(private readonly timeoutMs: number) {}

  async send(camera: InventoryCamera, command: PtzCommand): Promise<void> {
    const cam = await this.connect(camera);
    // A refused command (a camera whose clock jumped refuses the client's tokens) drops the client: the next one reads the clock again.
    return this.command(cam, command).catch((err: unknown) => {
      this.cams.delete(camera.id);
      throw err;
    });
  }

  private command(cam: Cam, command: PtzCommand): Promise<void> {
    switch (command.kind) {
      case 'continuous':
        return call((cb) =>
          cam.continuousMove(
            {
              x: command.pan,
              y: command.tilt,
              zoom: command.zoom,
              ...(command.timeoutMs !== undefined ? { timeout: command.timeoutMs } : {}),
            },
            cb,
          ),
        );
      case 'stop':
        return call((cb) => cam.stop({ panTilt: true, zoom: true }, cb));
      case 'goto-preset':
        return call((cb) => cam.gotoPreset({ preset: command.preset }, cb));
      case 'absolute':
        return call((cb) => cam.absoluteMove({ x: command.pan, y: command.tilt, zoom: command.zoom }, cb));
    }
  }

  private connect(camera: InventoryCamera): Promise<Cam> {
    let cam = this.cams.get(camera.id);
    if (cam === undefined) {
      const device = new URL(camera.onvif);
      cam = new Promise<Cam>((resolve, reject) => {
        const c: Cam = new Cam(
          {
            hostname: device.hostname,
            port: Number(device.port || 80),
            path: device.pathname,
            username: camera.username,
            password: camera.password,
            timeout: this.timeoutMs,
            preserveAddress: true,
          },
          (err) => (err ? reject(err) : resolve(c)),
        );
      });
      // A failed connection is not kept: the next command tries again.
      cam.catch(() => this.cams.delete(camera.id));
      this.cams.set(camera.id, cam);
    }
    return cam;
  }
}
