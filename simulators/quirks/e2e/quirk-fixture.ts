import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Camera } from '../../camera/camera.ts';
import { type CameraModel, findBuiltinModel } from '../../camera/camera-model.ts';
import { type OnvifServiceName, onvifUrl } from '../../camera/uris.ts';
import type { Clock } from '../../clock/clock.ts';
import { ObservationLog } from '../../observations/observation-log.ts';
import { OnvifServer } from '../../onvif/onvif-server.ts';

export const ADMIN = { username: 'admin', password: 'S3cret!pw', role: 'Administrator' as const };
export const TINY_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
export const CURL = '/usr/bin/curl';
export const curlAvailable = existsSync(CURL);
if (!curlAvailable)
  console.warn('quirk e2e: /usr/bin/curl is missing (apt-get install -y curl): the curl checks are skipped');

/** One camera served by its own OnvifServer on 127.77.<block>.1: a group of quirk tests switches quirks on and off on it. */
export interface QuirkCamera {
  camera: Camera;
  log: ObservationLog;
  server: OnvifServer;
  url(service?: OnvifServiceName): string;
  /** Switches a quirk on for the test (owner 'test'); off() takes every test quirk away again. */
  on(id: string, params?: Record<string, unknown>): void;
  off(): void;
  close(): Promise<void>;
}

export async function startQuirkCamera(
  block: number,
  opts: { model?: CameraModel; clock?: Clock } = {},
): Promise<QuirkCamera> {
  const log = new ObservationLog();
  const server = new OnvifServer({
    log,
    ...(opts.clock === undefined ? {} : { clock: opts.clock }),
    snapshot: async () => TINY_JPEG,
  });
  const camera = new Camera({
    id: `quirk-cam-${block}`,
    name: `Quirk ${block}`,
    site: 'quirk-lab',
    model: opts.model ?? findBuiltinModel('ptz-dome')!,
    network: { address: `127.77.${block}.1`, rtspPort: 8554, onvifPort: 0 },
    users: [ADMIN],
  });
  await server.addCamera(camera);
  return {
    camera,
    log,
    server,
    url: (service = 'device') => onvifUrl(camera, service),
    on: (id, params = {}) => camera.quirks.add('test', id, params),
    off: () => camera.quirks.remove('test'),
    async close() {
      await server.close();
      camera.dispose();
    },
  };
}

export interface CurlReply {
  /** 0 when no answer came (curl's exit code says why). */
  status: number;
  exitCode: number;
  contentType: string;
  body: string;
  /** curl's %{time_total}, seconds. */
  totalS: number;
}

type CurlAuth = { digest?: { username: string; password: string }; maxTimeS?: number };

/** POSTs a SOAP body with curl (optionally --digest), as an integrator does by hand. */
export function curlSoap(url: string, body: string, opts: CurlAuth = {}): Promise<CurlReply> {
  return runCurl(['-H', 'Content-Type: application/soap+xml; charset=utf-8', '--data-binary', body], url, opts);
}

/** GETs a URL with curl (optionally --digest). */
export function curlGet(url: string, opts: CurlAuth = {}): Promise<CurlReply> {
  return runCurl([], url, opts);
}

function runCurl(request: string[], url: string, opts: CurlAuth): Promise<CurlReply> {
  const auth = opts.digest === undefined ? [] : ['--digest', '-u', `${opts.digest.username}:${opts.digest.password}`];
  const args = [
    '-s',
    ...auth,
    '-m',
    String(opts.maxTimeS ?? 20),
    ...request,
    '-w',
    '\n%{http_code} %{time_total} %{content_type}',
    url,
  ];
  return new Promise((resolve) =>
    execFile(CURL, args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      // A connection closed or reset without an answer is a result here (status 0), not an error.
      const exitCode = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      const cut = stdout.lastIndexOf('\n');
      const [status, total, ...type] = stdout.slice(cut + 1).split(' ');
      resolve({
        status: Number(status) || 0,
        exitCode,
        totalS: Number(total),
        contentType: type.join(' '),
        body: stdout.slice(0, Math.max(0, cut)),
      });
    }),
  );
}

/** A SOAP 1.2 request for an operation of a service namespace, with no header. */
export function soapRequest(ns: string, operation: string, inner = ''): string {
  return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><${operation} xmlns="${ns}">${inner}</${operation}></s:Body></s:Envelope>`;
}

export const TDS = 'http://www.onvif.org/ver10/device/wsdl';
export const TRT = 'http://www.onvif.org/ver10/media/wsdl';
export const TPTZ = 'http://www.onvif.org/ver20/ptz/wsdl';
export const TEV = 'http://www.onvif.org/ver10/events/wsdl';
