import type { Camera, CameraUser } from '../camera/camera.ts';
import type { Clock } from '../clock/clock.ts';
import type { ObservationLog } from '../observations/observation-log.ts';
import type { OnvifServiceName } from '../camera/uris.ts';
import type { OnvifDevice } from './onvif-device.ts';
import type { SoapRequest } from './soap-request.ts';

export interface OnvifRequestContext {
  device: OnvifDevice;
  camera: Camera;
  clock: Clock;
  nowMs: number;
  req: SoapRequest;
  client: string;
  user: CameraUser | undefined;
  log: ObservationLog;
  /** The pull-point id when the request came to a subscription address. */
  subscriptionId: string | undefined;
  /** Run after the response has been written (SystemReboot goes down only once it answered). */
  afterResponse: Array<() => void>;
  /** SOAP header blocks for the response (WS-Addressing Action, RelatesTo, ...), written into env:Header in order. */
  responseHeader: string[];
  /**
   * The events service URL a new subscription's address starts with: the camera's own, or (with
   * the subscription-manager-own-port quirk) a listener opened for this subscription alone.
   */
  subscriptionBase(id: string): Promise<string>;
  /** The service of that name when this device offers it (GetServices and GetCapabilities list exactly these). */
  offered(name: OnvifServiceName): OnvifService | undefined;
}

/** Returns the inner Body XML of the response (the ...Response element). */
export type OperationHandler = (ctx: OnvifRequestContext) => string | Promise<string>;

/** ONVIF Core §5.9.4 access classes: who may call an operation. */
export type AccessClass = 'PRE_AUTH' | 'READ_SYSTEM' | 'READ_MEDIA' | 'ACTUATE' | 'WRITE_SYSTEM' | 'UNRECOVERABLE';

export interface Operation {
  handler: OperationHandler;
  access: AccessClass;
}

export interface OnvifService {
  name: OnvifServiceName;
  ns: string;
  operations: ReadonlyMap<string, Operation>;
  /** Whether this camera offers the service at all (Media2 and PTZ depend on the model). */
  offered(camera: Camera): boolean;
  /** The untyped Capabilities element GetServices embeds with IncludeCapability (services beyond the device's own core set). */
  capabilities?(camera: Camera): string;
}

/** What a site recorder serves: no encoder, so no media, imaging, PTZ or I/O; its recordings instead. */
const RECORDER_SERVICES: ReadonlySet<OnvifServiceName> = new Set(['device', 'events', 'recording', 'search', 'replay']);

/** Whether a device offers a service: the service's own rule, within what its role serves. */
export function offeredOn(service: OnvifService, camera: Camera): boolean {
  return (camera.role === 'camera' || RECORDER_SERVICES.has(service.name)) && service.offered(camera);
}

export function op(access: AccessClass, handler: OperationHandler): Operation {
  return { handler, access };
}

/** Roles allowed per access class (ONVIF Core Table 7, simplified to the three user levels). */
export function roleMayCall(role: CameraUser['role'] | 'Anonymous', access: AccessClass): boolean {
  switch (access) {
    case 'PRE_AUTH':
      return true;
    case 'READ_SYSTEM':
    case 'READ_MEDIA':
      return role !== 'Anonymous';
    case 'ACTUATE':
      return role === 'Administrator' || role === 'Operator';
    case 'WRITE_SYSTEM':
    case 'UNRECOVERABLE':
      return role === 'Administrator';
  }
}
