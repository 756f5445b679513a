import { Cam, type CamProfile } from 'onvif';

/**
 * Connects the `onvif` client (WS-UsernameToken PasswordDigest): it reads the camera's clock
 * (GetSystemDateAndTime) once and signs every later request with that offset, for as long as
 * this Cam lives.
 */
export function connectCam(deviceUrl: string, user: string, password: string, timeoutMs: number): Promise<Cam> {
  const device = new URL(deviceUrl);
  return new Promise<Cam>((resolve, reject) => {
    const c: Cam = new Cam(
      {
        hostname: device.hostname,
        port: Number(device.port || 80),
        path: device.pathname,
        username: user,
        password,
        timeout: timeoutMs,
        preserveAddress: true,
      },
      (err) => (err ? reject(err) : resolve(c)),
    );
  });
}

/** GetStreamUri for RTSP of the first media profile (the main stream, as cameras list them; the second for the sub stream). */
export function streamUriOf(cam: Cam, deviceUrl: string, profile: 'main' | 'sub'): Promise<string> {
  const first: CamProfile | undefined = cam.profiles?.[profile === 'main' ? 0 : 1];
  // The client leaves the token attribute under `$` for Media2 replies.
  const token = (first?.token as string | undefined) ?? (first?.$ as { token?: string } | undefined)?.token;
  if (token === undefined) return Promise.reject(new Error(`${deviceUrl}: no media profile`));
  return new Promise((resolve, reject) =>
    cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, (err, stream) =>
      err
        ? reject(err)
        : stream?.uri
          ? resolve(stream.uri)
          : reject(new Error(`${deviceUrl}: GetStreamUri returned no URI`)),
    ),
  );
}

/** The ONVIF way with a fresh `onvif` client: connect (reading the camera's clock now), then GetStreamUri. */
export async function digestStreamUri(
  deviceUrl: string,
  user: string,
  password: string,
  timeoutMs: number,
  profile: 'main' | 'sub' = 'main',
): Promise<string> {
  return streamUriOf(await connectCam(deviceUrl, user, password, timeoutMs), deviceUrl, profile);
}
