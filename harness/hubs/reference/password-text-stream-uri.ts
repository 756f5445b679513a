import { onvifServicePaths } from '../../../simulators/camera/uris.ts';
import { soapCall } from '../../probe/soap-call.ts';

const trt = 'xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tt="http://www.onvif.org/ver10/schema"';

/**
 * The careless way to ask for a stream URI: WS-UsernameToken with the password in plain text
 * (PasswordText). Returns undefined when the camera refuses it, as a digest-only camera should.
 */
export async function passwordTextStreamUri(
  deviceUrl: string,
  user: string,
  password: string,
  timeoutMs: number,
  profile: 'main' | 'sub' = 'main',
): Promise<string | undefined> {
  const media = new URL(onvifServicePaths.media, deviceUrl).toString();
  const security = { type: 'text' as const, user, password };
  const profiles = await soapCall(media, `<trt:GetProfiles ${trt}/>`, security, timeoutMs);
  const token = [...profiles.text.matchAll(/<(?:\w+:)?Profiles[^>]*\btoken="([^"]+)"/g)][
    profile === 'main' ? 0 : 1
  ]?.[1];
  if (profiles.status !== 200 || token === undefined) return undefined;
  const reply = await soapCall(
    media,
    `<trt:GetStreamUri ${trt}><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></trt:StreamSetup><trt:ProfileToken>${token}</trt:ProfileToken></trt:GetStreamUri>`,
    security,
    timeoutMs,
  );
  return reply.status === 200 ? /<(?:\w+:)?Uri>([^<]+)</.exec(reply.text)?.[1] : undefined;
}
