import type { HubAlarmObservation } from '../../../simulators/observations/observation.ts';
import type { NmsEventName } from './nms-host-protocol.ts';

/**
 * node-media-server has no camera-offline alarm. What it does know is whether a camera's relay
 * is publishing: a relay that ends (donePublish of the camera's stream) is the hub losing the
 * camera; a relay that publishes again (postPublish) is the hub having it back. This turns those
 * events into the hub's offline alarm. It never looks at the cameras: a stream that freezes with
 * its socket open publishes on, so NMS raises nothing — which is what NMS really does.
 */
export class NmsAlarmTracker {
  private readonly cameraByPath = new Map<string, string>();
  private readonly publishing = new Set<string>();
  private readonly raised = new Set<string>();

  constructor(private readonly hub: string) {}

  watch(streamPath: string, cameraId: string): void {
    this.cameraByPath.set(streamPath, cameraId);
  }

  unwatch(streamPath: string): void {
    const camera = this.cameraByPath.get(streamPath);
    this.cameraByPath.delete(streamPath);
    if (camera !== undefined) {
      this.publishing.delete(camera);
      this.raised.delete(camera);
    }
  }

  /** The alarm observation an NMS event implies, if any. */
  onEvent(event: NmsEventName, streamPath: string, atMs: number): HubAlarmObservation | undefined {
    const camera = this.cameraByPath.get(streamPath);
    if (camera === undefined) return undefined;
    if (event === 'postPublish') {
      this.publishing.add(camera);
      if (!this.raised.delete(camera)) return undefined;
      return {
        kind: 'hub.alarm',
        atMs,
        hub: this.hub,
        camera,
        alarmKind: 'offline',
        alarm: 'relay ended',
        state: 'cleared',
      };
    }
    if (event === 'donePublish') {
      // Only a relay that was up can be lost; one that never connected left NMS no trace.
      if (!this.publishing.delete(camera) || this.raised.has(camera)) return undefined;
      this.raised.add(camera);
      return {
        kind: 'hub.alarm',
        atMs,
        hub: this.hub,
        camera,
        alarmKind: 'offline',
        alarm: 'relay ended',
        state: 'raised',
      };
    }
    return undefined;
  }
}
