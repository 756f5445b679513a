/**
 * The process that hosts node-media-server for the adapter: `node --import tsx nms-host.ts
 * CONFIG.json`. A separate process so an NMS crash stays isolated and the adapter can stop it,
 * and every ffmpeg it spawned, by its process group. Talks to the adapter over IPC only.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { NmsConfig } from './nms-config.ts';
import type { AdapterToHost, HostToAdapter } from './nms-host-protocol.ts';
import { nmsForwardedEvents } from './nms-host-protocol.ts';

const configPath = process.argv[2];
if (configPath === undefined || process.send === undefined) {
  console.error('usage: node --import tsx nms-host.ts CONFIG.json (started by the NMS adapter, with an IPC channel)');
  process.exit(2);
}
const config = JSON.parse(readFileSync(configPath, 'utf8')) as NmsConfig;
const require = createRequire(import.meta.url);
const version = (require('node-media-server/package.json') as { version: string }).version;

/**
 * node-media-server 2.7.1 to 2.7.4 dropped getFFmpegVersion from node_core_utils while
 * node_relay_server still calls it, so the relay server never starts ("getFFmpegVersion is not a
 * function"; upstream illuspas/Node-Media-Server#590, #675). Put back the helper it expects, as
 * earlier releases had it, before the relay server module reads it. Reported as a hub.log warning.
 */
const utils = require('node-media-server/src/node_core_utils.js') as Record<string, unknown>;
const shimmed = typeof utils.getFFmpegVersion !== 'function';
if (shimmed) {
  utils.getFFmpegVersion = (ffmpeg: string): Promise<string> =>
    new Promise((resolve) => {
      execFile(ffmpeg, ['-version'], (err, stdout) =>
        resolve(err ? '' : (/ffmpeg version (\S+)/.exec(stdout)?.[1] ?? '')),
      );
    });
  utils.getFFmpegUrl = (): string => 'https://ffmpeg.org/download.html';
}
const NodeMediaServer = (await import('node-media-server')).default;

function send(msg: HostToAdapter): void {
  if (process.connected) process.send?.(msg);
}

const nms = new NodeMediaServer(config);

// Readiness: NMS reports its listeners and the relay server (which first checks ffmpeg) only in its log.
const pending = new Set(['Rtmp Server started', 'Http Server started', 'Relay Server started']);
nms.on('logMessage', (...args: unknown[]) => {
  const message = args.map(String).join(' ');
  for (const p of pending) if (message.includes(p)) pending.delete(p);
  if (pending.size === 0) {
    pending.add('sent');
    send({ type: 'ready', version });
    if (shimmed)
      send({
        type: 'log',
        level: 'warn',
        message: `node-media-server ${version} lacks getFFmpegVersion (upstream #590/#675); camlab restored it so its relay server starts`,
      });
  }
  if (message.startsWith('[relay')) send({ type: 'log', level: 'info', message });
});
nms.on('errorMessage', (...args: unknown[]) => {
  const message = args.map(String).join(' ');
  send({ type: 'log', level: 'error', message });
  // A listener that cannot bind leaves a hub that cannot work: exit so the adapter sees it.
  if (message.includes('EADDRINUSE') || message.includes('startup failed')) process.exit(3);
});
for (const event of nmsForwardedEvents) {
  nms.on(event, (sessionId: unknown, streamPath: unknown) => {
    send({ type: 'event', event, sessionId: String(sessionId), streamPath: String(streamPath ?? '') });
  });
}

process.on('message', (raw) => {
  const msg = raw as AdapterToHost;
  if (msg.type === 'relay-add') {
    // The relay server re-reads config.relay.tasks every second and starts what is missing.
    config.relay.tasks.push(msg.task);
  } else if (msg.type === 'relay-release') {
    config.relay.tasks.forEach((task, index) => {
      if (task.name !== msg.name || task.mode === 'released') return;
      task.mode = 'released';
      nms.nls?.staticSessions.get(index)?.end();
    });
  }
});

// Dead-man's switch: when the adapter's process goes, so does the hub with its ffmpeg children.
process.on('disconnect', () => {
  nms.stop();
  process.kill(-process.pid, 'SIGTERM');
  process.exit(0);
});

nms.run();
