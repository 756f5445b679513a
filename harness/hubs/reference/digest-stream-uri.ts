import { Cam, type CamProfile } from 'onvif';

/**
 * The ONVIF way with the `onvif` client (WS-UsernameToken PasswordDigest): connect, take the
 * first media profile (the main stream, as cameras list them; the second for the sub stream)
 * and ask GetStreamUri for RTSP.
 */
export async function digestStreamUri(deviceUrl: string, user: string, password: string, timeoutMs: number, profile: 'main' | 'sub' = 'main'): Promise<string> {
  const device = new URL(deviceUrl);
  const cam = await new Promise<Cam>((resolve, reject) => {
    const c: Cam = new Cam(
      { hostname: device.hostname, port: Number(device.port || 80), path: device.pathname, username: user, password, timeout: timeoutMs, preserveAddress: true },
      (err) => (err ? reject(err) : resolve(c)),
    );
  });
  const first: CamProfile | undefined = cam.profiles?.[profile === 'main' ? 0 : 1];
  // The client leaves the token attribute under `$` for Media2 replies.
  const token = (first?.token as string | undefined) ?? (first?.$ as { token?: string } | undefined)?.token;
  if (token === undefined) throw new Error(`${deviceUrl}: no media profile`);
  return new Promise((resolve, reject) =>
    cam.getStreamUri({ protocol: 'RTSP', profileToken: token }, (err, stream) => (err ? reject(err) : stream?.uri ? resolve(stream.uri) : reject(new Error(`${deviceUrl}: GetStreamUri returned no URI`)))),
  );
}
