// ONVIF SOAP load on the emulated cameras: each virtual user asks cameras for device
// information, profiles and a stream URI, authenticating with WS-UsernameToken PasswordDigest
// (ONVIF Core 5.12), as a hub does while it provisions. Run by `camlab load --k6 onvif-soap`.
import { check } from 'k6';
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import http from 'k6/http';
import type { Options } from 'k6/options';
import type { K6Camera, K6Inventory } from './k6-targets.ts';

const inventory = JSON.parse(open(__ENV.CAMLAB_INVENTORY ?? 'inventory.json')) as K6Inventory;
const cameras: K6Camera[] = inventory.cameras;

export const options: Options = {
  vus: Number(__ENV.CAMLAB_VUS ?? 10),
  duration: __ENV.CAMLAB_DURATION ?? '30s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<500'],
  },
};

/** PasswordDigest = Base64(SHA-1(nonce + created + password)), nonce as raw bytes. */
function usernameToken(user: string, password: string): string {
  const nonce = crypto.randomBytes(16);
  const created = new Date().toISOString();
  const hasher = crypto.createHash('sha1');
  hasher.update(nonce);
  hasher.update(created + password);
  const digest = hasher.digest('base64');
  return (
    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">' +
    `<wsse:UsernameToken><wsse:Username>${user}</wsse:Username>` +
    `<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">${encoding.b64encode(nonce)}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

function soap(camera: K6Camera, service: string, body: string): string {
  const url = camera.onvif.replace('/onvif/device_service', `/onvif/${service}`);
  const envelope =
    '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">' +
    `<s:Header>${usernameToken(camera.username, camera.password)}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
  const res = http.post(url, envelope, {
    headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' },
    tags: { operation: /<(\w+:)?(\w+)/.exec(body)?.[2] ?? 'unknown' },
  });
  check(res, {
    'SOAP 200': (r) => r.status === 200,
    'no SOAP fault': (r) => typeof r.body === 'string' && !r.body.includes('Fault>'),
  });
  return typeof res.body === 'string' ? res.body : '';
}

export default function (): void {
  const camera = cameras[(__VU * 7919 + __ITER) % cameras.length]!;
  soap(camera, 'device_service', '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/>');
  const profiles = soap(camera, 'media_service', '<GetProfiles xmlns="http://www.onvif.org/ver10/media/wsdl"/>');
  const token = /token="([^"]+)"/.exec(profiles)?.[1];
  if (token !== undefined) {
    soap(
      camera,
      'media_service',
      `<GetStreamUri xmlns="http://www.onvif.org/ver10/media/wsdl"><StreamSetup><Stream xmlns="http://www.onvif.org/ver10/schema">RTP-Unicast</Stream><Transport xmlns="http://www.onvif.org/ver10/schema"><Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>${token}</ProfileToken></GetStreamUri>`,
    );
  }
}
