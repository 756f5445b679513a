import type { NmsRelayTask } from './nms-config.ts';

/**
 * Messages between the adapter and the process hosting node-media-server, over the child's IPC
 * channel. NMS 2.7.4 has no webhooks: its hooks are in-process `nms.on(...)` events, so the host
 * forwards each as a message.
 */
export type HostToAdapter =
  | { type: 'ready'; version: string }
  | { type: 'event'; event: NmsEventName; sessionId: string; streamPath: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export type AdapterToHost = { type: 'relay-add'; task: NmsRelayTask } | { type: 'relay-release'; name: string };

/** The NMS events the host forwards: stream publishing is what tells NMS a camera is there. */
export const nmsForwardedEvents = ['prePublish', 'postPublish', 'donePublish', 'postPlay', 'donePlay'] as const;
export type NmsEventName = (typeof nmsForwardedEvents)[number];
