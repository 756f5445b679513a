import { describe, expect, it } from 'vitest';
import { InputError, parseYaml, type InputIssue } from '../../../simulators/config/yaml-document.ts';
import { alarmKindOf, declarativeAdapterSchema, declaredCapabilities } from './declarative-adapter-schema.ts';
import { loadDeclarativeAdapter } from './load-declarative-adapter.ts';

function issuesOf(src: string): InputIssue[] {
  try {
    parseYaml(src, 'hub.yaml', declarativeAdapterSchema);
  } catch (err) {
    if (err instanceof InputError) return err.issues;
    throw err;
  }
  throw new Error('expected an InputError');
}

function accepted(src: string): boolean {
  parseYaml(src, 'hub.yaml', declarativeAdapterSchema);
  return true;
}

const valid = `name: acme
identity: { name: Acme VMS }
vars: { base: "http://127.0.0.1:8000" }
provision:
  request:
    method: POST
    url: "{{vars.base}}/cameras"
    json: { id: "{{camera.id}}", url: "{{camera.rtsp.main}}" }
release:
  request: { method: DELETE, url: "{{vars.base}}/cameras/{{camera.id | urlencode}}" }
alarms:
  webhook: { path: /alarms, camera: $.camera, state: { path: $.event, raised: [offline], cleared: [online] } }
ptz:
  stop: { method: POST, url: "{{vars.base}}/ptz/{{camera.id}}/stop" }
egress:
  protocol: http-flv
  url: "{{vars.base}}/live/{{camera.id}}.flv"
recordings:
  request: { url: "{{vars.base}}/recordings" }
  items: $.recordings
  camera: $.camera
  start: $.start
  end: $.end
`;

describe('declarativeAdapterSchema', () => {
  it('accepts a complete file and derives capabilities from its sections', () => {
    const spec = parseYaml(valid, 'hub.yaml', declarativeAdapterSchema);
    expect([...declaredCapabilities(spec)].sort()).toEqual(['alarms', 'egress', 'provision', 'ptz', 'recordings']);
    expect(spec.egress).toEqual({
      protocol: 'http-flv',
      url: '{{vars.base}}/live/{{camera.id}}.flv',
      intervalMs: 1000,
      retryMs: 500,
      workers: 0,
    });
    const pooled = parseYaml(
      valid.replace('  protocol: http-flv\n', '  protocol: http-flv\n  workers: auto\n'),
      'hub.yaml',
      declarativeAdapterSchema,
    );
    expect(pooled.egress?.workers).toBe('auto');
    expect(spec.recordings).toMatchObject({ perCamera: false, timeFormat: 'iso', cameraBy: 'id' });
    const withFrames = parseYaml(
      valid.replace('  end: $.end\n', '  end: $.end\n  download: $.url\n  frames: mpegts\n'),
      'hub.yaml',
      declarativeAdapterSchema,
    );
    expect([...declaredCapabilities(withFrames)].sort()).toEqual([
      'alarms',
      'egress',
      'provision',
      'ptz',
      'recording-frames',
      'recordings',
    ]);
    expect(spec.provision!.request[0]!.method).toBe('POST');
    expect(spec.provision!.concurrency).toBe(8);
  });

  // Each case breaks one line of the valid file and expects that line and field in the error.
  const cases: { name: string; replace: [string, string]; line: number; path: string; message: RegExp }[] = [
    {
      name: 'an unknown key',
      replace: ['    method: POST\n', '    method: POST\n    verb: POST\n'],
      line: 7,
      path: 'provision.request.verb',
      message: /Unrecognized key/i,
    },
    {
      name: 'an unknown template name',
      replace: ['{{vars.base}}/cameras"', '{{cam.base}}/cameras"'],
      line: 7,
      path: 'provision.request.url',
      message: /unknown name 'cam'/,
    },
    {
      name: 'a bad template inside a JSON body',
      replace: ['id: "{{camera.id}}"', 'id: "{{camera.id | upper}}"'],
      line: 8,
      path: 'provision.request.json.id',
      message: /unknown filter 'upper'/,
    },
    {
      name: 'a malformed JSON path',
      replace: ['camera: $.camera', 'camera: camera'],
      line: 12,
      path: 'alarms.webhook.camera',
      message: /starts with '\$'/,
    },
    {
      name: 'a wrong method',
      replace: ['method: DELETE', 'method: REMOVE'],
      line: 10,
      path: 'release.request.method',
      message: /GET/,
    },
    {
      name: 'an egress URL the protocol cannot read',
      replace: ['url: "{{vars.base}}/live', 'url: "rtsp://hub/live'],
      line: 17,
      path: 'egress.url',
      message: /http-flv restream is read from http:\/\/ or https:\/\/ URLs, not rtsp:\/\//,
    },
    {
      name: 'an unknown egress protocol',
      replace: ['protocol: http-flv', 'protocol: webrtc'],
      line: 16,
      path: 'egress.protocol',
      message: /rtsp.*http-flv.*hls/,
    },
    {
      name: 'an egress interval below 100 ms',
      replace: ['  protocol: http-flv\n', '  protocol: http-flv\n  intervalMs: 10\n'],
      line: 17,
      path: 'egress.intervalMs',
      message: />=100/,
    },
    {
      name: 'egress workers that are neither a count nor auto',
      replace: ['  protocol: http-flv\n', '  protocol: http-flv\n  workers: many\n'],
      line: 17,
      path: 'egress.workers',
      message: /auto/,
    },
    {
      name: 'a recording start that is not a JSON path',
      replace: ['start: $.start', 'start: start'],
      line: 22,
      path: 'recordings.start',
      message: /starts with '\$'/,
    },
    {
      name: 'an unknown time format',
      replace: ['  end: $.end\n', '  end: $.end\n  timeFormat: unix\n'],
      line: 24,
      path: 'recordings.timeFormat',
      message: /iso/,
    },
    {
      name: 'recordings without a camera path',
      replace: ['  camera: $.camera\n', ''],
      line: 19,
      path: 'recordings.camera',
      message: /perCamera: true/,
    },
    {
      name: 'frames without a download',
      replace: ['  end: $.end\n', '  end: $.end\n  frames: mpegts\n'],
      line: 24,
      path: 'recordings.frames',
      message: /give 'download'/,
    },
    {
      name: 'an unknown recording format',
      replace: ['  end: $.end\n', '  end: $.end\n  download: $.url\n  frames: mp4\n'],
      line: 25,
      path: 'recordings.frames',
      message: /mpegts/,
    },
    {
      name: 'an empty PTZ section',
      replace: ['  stop: { method: POST, url: "{{vars.base}}/ptz/{{camera.id}}/stop" }\n', '  {}\n'],
      line: 14,
      path: 'ptz',
      message: /at least one of continuous/,
    },
  ];
  it.each(cases)('names the line of $name', ({ replace, line, path, message }) => {
    expect(valid).toContain(replace[0]);
    const [issue, ...rest] = issuesOf(valid.replace(replace[0], replace[1]));
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ file: 'hub.yaml', line, path });
    expect(issue!.message).toMatch(message);
  });

  it('refuses egress without provision: there is no camera to read', () => {
    const [issue] = issuesOf(
      `name: x\nidentity: { name: X }\negress:\n  protocol: hls\n  url: "http://h/{{camera.id}}/index.m3u8"\n`,
    );
    expect(issue).toMatchObject({ line: 4, path: 'egress' });
    expect(issue!.message).toMatch(/without 'provision'/);
  });

  it('refuses presentWhen on a poll that maps state rather than presence', () => {
    const [issue] = issuesOf(
      `name: x\nidentity: { name: X }\nalarms:\n  poll:\n    request: { url: "http://h/s" }\n    camera: $.id\n    state: { path: $.s, raised: [a], cleared: [b] }\n    presentWhen: $.publisher\n`,
    );
    expect(issue).toMatchObject({ line: 8, path: 'alarms.poll.presentWhen' });
  });

  it('refuses log alarms without a started hub, pointing at the log section', () => {
    const [issue] = issuesOf(
      `name: x\nidentity: { name: X }\nalarms:\n  log:\n    - { pattern: "lost (?<camera>\\\\S+)", state: raised }\n`,
    );
    expect(issue).toMatchObject({ line: 5, path: 'alarms.log' });
    expect(issue!.message).toMatch(/add a 'start' section/);
  });

  it('requires a camera group in a log pattern and a valid regular expression', () => {
    const issues = issuesOf(
      `name: x\nidentity: { name: X }\nstart: { command: [hub], ready: { log: ready } }\nalarms:\n  log:\n    - { pattern: "lost \\\\S+", state: raised }\n    - { pattern: "(?<camera>", state: cleared }\n`,
    );
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [6, 'alarms.log[0].pattern'],
      [7, 'alarms.log[1].pattern'],
    ]);
    expect(issues[0]!.message).toMatch(/\(\?<camera>/);
    expect(issues[1]!.message).toMatch(/not a regular expression/);
  });

  it('requires a kind for every alarm not named offline, and checks it against the closed set', () => {
    const head = `name: x\nidentity: { name: X }\nalarms:\n  webhook:\n    camera: $.id\n    state: raised\n`;
    const [missing] = issuesOf(`${head}    alarm: $.type\n`);
    expect(missing).toMatchObject({ path: 'alarms.webhook.kind' });
    expect(missing!.message).toMatch(/expected 'kind'.*offline, video-loss, tamper, motion, other/);
    const [unknown] = issuesOf(`${head}    alarm: $.type\n    kind: { VideoLost: lost }\n`);
    expect(unknown).toMatchObject({ line: 8, path: 'alarms.webhook.kind' });
    expect(accepted(`${head}    alarm: $.type\n    kind: { VideoLost: video-loss, Disconnected: offline }\n`)).toBe(
      true,
    );
    expect(accepted(`${head}    alarm: CameraDown\n    kind: offline\n`)).toBe(true);
    expect(accepted(head)).toBe(true);
    const logRule = `name: x\nidentity: { name: X }\nstart: { command: [hub], ready: { log: ready } }\nalarms:\n  log:\n    - { pattern: "(?<alarm>\\\\w+) on (?<camera>\\\\S+)", state: raised }\n`;
    expect(issuesOf(logRule).map((i) => i.path)).toEqual(['alarms.log[0].kind']);
  });

  it('maps alarm names to kinds as declared, and unlisted names to other', () => {
    expect(alarmKindOf(undefined, 'offline')).toBe('offline');
    expect(alarmKindOf('video-loss', 'StreamLost')).toBe('video-loss');
    expect(alarmKindOf({ VideoLost: 'video-loss' }, 'VideoLost')).toBe('video-loss');
    expect(alarmKindOf({ VideoLost: 'video-loss' }, 'Disconnected')).toBe('other');
  });

  it('requires exactly one of state or presence for a poll, and a readiness condition for start', () => {
    const issues = issuesOf(
      `name: x\nidentity: { name: X }\nstart:\n  command: [hub]\n  ready: { timeoutMs: 100 }\nalarms:\n  poll:\n    request: { url: "http://h/alarms" }\n    camera: $.id\n    presence: online\n    state: { path: $.s, raised: [a], cleared: [b] }\n`,
    );
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [5, 'start.ready'],
      [11, 'alarms.poll.state'],
    ]);
  });
});

describe('the shipped example adapter files', () => {
  const examples = ['scenarios/adapters/node-media-server.yaml', 'scenarios/adapters/generic-webhook-hub.yaml'];
  it.each(examples)('%s is valid', async (file) => {
    const factory = await loadDeclarativeAdapter(file);
    expect(factory().capabilities.size).toBeGreaterThan(0);
  });
});
