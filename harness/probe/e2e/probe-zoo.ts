import {
  builtinCameraModels,
  type CameraModel,
  type CameraModelInput,
} from '../../../simulators/camera/camera-model.ts';
import type { FaultRequest } from '../../../simulators/faults/fault-request.ts';
import type { InventoryCamera } from '../../../simulators/fleet/inventory.ts';
import type { Verdict } from '../../spec/requirement.ts';

/**
 * The zoo `camlab probe` is run against in probe-zoo.test.ts: emulated cameras that behave as
 * real ones in the field do (quirks, auth policies, faults), each with the verdicts the probe
 * must reach. Some must still pass every MUST (the probe survives them); the others each break
 * named requirements, so every CAM requirement is shown failing by one and passing by another.
 * COVERAGE.md cites these cases by their test titles, and coverage.test.ts checks it against
 * this table.
 */
export interface ZooCamera {
  /** The case's name (its model id, unless it is a built-in model). */
  name: string;
  /** What the camera is like, in words (the test title says it). */
  behaves: string;
  model: CameraModel;
  /** Faults applied to this camera once the fleet is up (they may need its ports). */
  faults?: (camera: InventoryCamera) => ReadonlyArray<Omit<FaultRequest, 'target'>>;
  /** The verdicts the probe must reach, by requirement id; requirements not listed must not FAIL. */
  expect: Readonly<Record<string, Verdict>>;
  /** Words the probe's notes must contain (what it tells the user beside the verdicts). */
  notes?: readonly string[];
}

const builtin = (id: string): CameraModel => builtinCameraModels.find((m) => m.id === id)!;
const model = (
  name: string,
  base: string,
  changes: Partial<Pick<CameraModelInput, 'auth' | 'quirks'>>,
): CameraModel => {
  const b = builtin(base);
  return {
    ...b,
    id: name,
    auth: { ...b.auth, ...changes.auth },
    quirks: changes.quirks === undefined ? b.quirks : (changes.quirks as CameraModel['quirks']),
  };
};

const ALL_PASS = {
  'CAM-CORE-01': 'PASS',
  'CAM-AUTH-01': 'PASS',
  'CAM-MEDIA-01': 'PASS',
  'CAM-RTSP-01': 'PASS',
  'CAM-RTSP-02': 'PASS',
} as const;

export const zoo: readonly ZooCamera[] = [
  {
    name: 'conformant-dome',
    behaves: 'a conformant PTZ dome',
    model: builtin('ptz-dome'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-DISC-01': 'PASS',
      'CAM-MEDIA2-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-PTZ-01': 'PASS',
      'CAM-EVT-01': 'PASS',
      'CAM-SCHEMA-01': 'PASS',
    },
  },
  {
    name: 'conformant-bullet',
    behaves: 'a conformant fixed bullet (Profile S and T)',
    model: builtin('fixed-1080p'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-DISC-01': 'PASS',
      'CAM-MEDIA2-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-PTZ-01': 'NOT APPLICABLE',
      'CAM-EVT-01': 'PASS',
      'CAM-SCHEMA-01': 'PASS',
    },
  },
  {
    name: 'conformant-legacy',
    behaves: 'the legacy personality: GetCapabilities only, clock 90 s ahead, no Media2',
    model: builtin('legacy-bullet'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-DISC-01': 'PASS',
      'CAM-MEDIA2-01': 'NOT APPLICABLE',
      'CAM-SNAP-01': 'PASS',
      'CAM-PTZ-01': 'NOT APPLICABLE',
      'CAM-EVT-01': 'PASS',
      'CAM-SCHEMA-01': 'PASS',
    },
    notes: ['s ahead'],
  },
  {
    name: 'hikvision-like',
    behaves:
      'the hikvision-like personality: HTTP 401 pages for refused tokens, optional OSD and analytics operations not supported',
    model: builtin('hikvision-like'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-MEDIA2-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-EVT-01': 'PASS',
    },
  },
  {
    name: 'dahua-like',
    behaves: 'the dahua-like personality: clock 40 s ahead, 2005 WS-Discovery addressing, numeric motion state',
    model: builtin('dahua-like'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-DISC-01': 'PASS',
      'CAM-MEDIA2-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-EVT-01': 'PASS',
    },
    notes: ['s ahead'],
  },
  {
    name: 'axis-like',
    behaves: 'the axis-like personality: SOAP 1.1 answers, a link-local XAddr first, no Media2',
    model: builtin('axis-like'),
    expect: {
      ...ALL_PASS,
      'CAM-AUTH-02': 'PASS',
      'CAM-DISC-01': 'PASS',
      'CAM-MEDIA2-01': 'NOT APPLICABLE',
      'CAM-SNAP-01': 'PASS',
      'CAM-EVT-01': 'PASS',
    },
    notes: ['SOAP 1.1'],
  },
  {
    // The reported hang: the onvif client's connect never called back on this camera.
    name: 'gsoap-media2',
    behaves:
      'gSOAP-style prefixes, Media2 source tokens unknown to Media, optional Media2 operations answered HTTP 500 "Not implemented"',
    model: model('gsoap-media2', 'fixed-1080p', {
      quirks: {
        'gsoap-prefixes': {},
        'media2-source-tokens-differ': {},
        'not-implemented-500': { operations: ['GetVideoSourceConfigurations'] },
      },
    }),
    expect: {
      ...ALL_PASS,
      'CAM-MEDIA2-01': 'PASS',
      'CAM-EVT-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-PTZ-01': 'NOT APPLICABLE',
      'CAM-SCHEMA-01': 'PASS',
    },
  },
  {
    name: 'soap11',
    behaves: 'SOAP 1.1 answers, GetSnapshotUri answered HTTP 500 with a bare "Not Implemented" fault',
    model: model('soap11', 'fixed-1080p', {
      quirks: { 'soap-11-answers': {}, 'not-implemented-500': { operations: ['GetSnapshotUri'] } },
    }),
    expect: {
      ...ALL_PASS,
      'CAM-MEDIA2-01': 'PASS',
      'CAM-EVT-01': 'PASS',
      'CAM-SNAP-01': 'NOT APPLICABLE',
      'CAM-SCHEMA-01': 'PASS',
    },
    notes: ['SOAP 1.1'],
  },
  {
    name: 'legacy-skewed',
    behaves: 'GetCapabilities only, a clock two hours behind, GetSnapshotUri answered ActionNotSupported',
    model: model('legacy-skewed', 'legacy-bullet', {
      quirks: {
        'get-capabilities-only': {},
        'clock-skew': { offset: '-2h' },
        'stream-uri-query': { query: '?transportmode=unicast' },
        'optional-action-not-supported': { operations: ['GetSnapshotUri'] },
      },
    }),
    expect: {
      ...ALL_PASS,
      'CAM-SNAP-01': 'NOT APPLICABLE',
      'CAM-MEDIA2-01': 'NOT APPLICABLE',
      'CAM-PTZ-01': 'NOT APPLICABLE',
      'CAM-EVT-01': 'PASS',
    },
    notes: ['s behind', 'device time'],
  },
  {
    name: 'behind-nat-slow',
    behaves: 'addresses naming another host and port (NAT), slow answers, GetSnapshotUri slower than the timeout',
    model: model('behind-nat-slow', 'fixed-1080p', {
      quirks: {
        'slow-answers': { operations: ['GetDeviceInformation', 'GetProfiles', 'GetStreamUri'], delay: '800ms' },
      },
    }),
    // The NAT forwards the RTSP port unchanged, and the camera names its LAN address and HTTP port.
    faults: (camera) => [
      {
        kind: 'quirk',
        params: { quirk: 'nat-xaddrs', host: '192.168.1.64', onvifPort: 8000, rtspPort: camera.rtspPort },
      },
      { kind: 'soap-delay', params: { operations: ['GetSnapshotUri'], delay: '9s' } },
    ],
    expect: { ...ALL_PASS, 'CAM-MEDIA2-01': 'PASS', 'CAM-EVT-01': 'PASS', 'CAM-SNAP-01': 'FAIL' },
    notes: ['192.168.1.64:8000', '192.168.1.64 in its stream URIs'],
  },
  {
    name: 'open-door',
    behaves: 'answers without credentials, takes plain-text passwords, streams and serves snapshots to anyone',
    model: model('open-door', 'fixed-1080p', {
      auth: { rtspNone: true },
      quirks: { 'no-authentication': {}, 'snapshot-without-credentials': {} },
    }),
    expect: {
      'CAM-AUTH-01': 'FAIL',
      'CAM-AUTH-02': 'FAIL',
      'CAM-RTSP-02': 'FAIL',
      'CAM-SNAP-01': 'FAIL',
      'CAM-CORE-01': 'PASS',
      'CAM-RTSP-01': 'PASS',
    },
  },
  {
    name: 'lazy-dome',
    behaves: 'any password accepted, PTZ that accepts moves and never moves, events that never arrive',
    model: model('lazy-dome', 'ptz-dome', {
      quirks: { 'any-password': {}, 'ptz-never-moves': {}, 'events-never-delivered': {} },
    }),
    expect: {
      'CAM-AUTH-01': 'FAIL',
      'CAM-AUTH-02': 'FAIL',
      'CAM-PTZ-01': 'FAIL',
      'CAM-EVT-01': 'FAIL',
      'CAM-MEDIA2-01': 'PASS',
      'CAM-SNAP-01': 'PASS',
      'CAM-CORE-01': 'PASS',
      'CAM-MEDIA-01': 'PASS',
      'CAM-RTSP-01': 'PASS',
    },
  },
  {
    name: 'broken-xml',
    behaves:
      'GetSystemDateAndTime not well-formed, GetDeviceInformation not schema-valid, a stream URI that does not play',
    model: model('broken-xml', 'fixed-1080p', {
      quirks: {
        'malformed-xml': { operations: ['GetSystemDateAndTime'] },
        'schema-invalid-xml': { operations: ['GetDeviceInformation'] },
      },
    }),
    faults: () => [{ kind: 'outage', params: { mode: 'stream-freeze' } }],
    expect: {
      'CAM-CORE-01': 'FAIL',
      'CAM-SCHEMA-01': 'FAIL',
      'CAM-RTSP-01': 'FAIL',
      'CAM-AUTH-01': 'PASS',
      'CAM-MEDIA-01': 'PASS',
      'CAM-RTSP-02': 'PASS',
    },
  },
  {
    name: 'undiscoverable',
    behaves: 'no answer to a unicast Probe, GetStreamUri failing',
    model: model('undiscoverable', 'fixed-1080p', { quirks: { 'no-unicast-probe-reply': {} } }),
    faults: () => [
      {
        kind: 'soap-fault',
        params: { operations: ['GetStreamUri'], httpStatus: 500, subcode: 'ter:CriticalError', reason: 'encoder busy' },
      },
    ],
    expect: {
      'CAM-DISC-01': 'FAIL',
      'CAM-MEDIA-01': 'FAIL',
      'CAM-RTSP-01': 'FAIL',
      'CAM-RTSP-02': 'FAIL',
      'CAM-MEDIA2-01': 'FAIL',
      'CAM-CORE-01': 'PASS',
      'CAM-AUTH-01': 'PASS',
    },
  },
];

/** The test title of a zoo case, as COVERAGE.md cites it. */
export function zooTestTitle(c: ZooCamera): string {
  return `${c.name}: ${c.behaves}`;
}
