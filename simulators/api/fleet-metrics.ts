import { Counter, Gauge, Registry } from 'prom-client';
import type { Fleet } from '../fleet/fleet.ts';

/**
 * The fleet in Prometheus form. Gauges and totals are read from the fleet when scraped; SOAP
 * and RTSP requests and event Notifies are counted as their observations arrive.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  private readonly unsubscribe: () => void;

  constructor(fleet: Fleet) {
    const registers = [this.registry];
    new Gauge({
      name: 'camlab_cameras',
      help: 'Cameras by power state (up, booting, down)',
      labelNames: ['state'],
      registers,
      collect() {
        const counts = { up: 0, booting: 0, down: 0 };
        for (const c of fleet.fleetCameras()) counts[c.power]++;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    new Gauge({
      name: 'camlab_rtsp_sessions',
      help: 'RTSP sessions open now',
      registers,
      collect() {
        this.set(fleet.sessions.openCount);
      },
    });
    const totals: [string, string, () => number][] = [
      [
        'camlab_frames_sent_total',
        'Frames sent to RTSP sessions (reported about once a second per session)',
        () => fleet.sessions.framesSentTotal,
      ],
      [
        'camlab_frames_dropped_total',
        'Frames dropped by backpressure or faults',
        () => fleet.sessions.framesDroppedTotal,
      ],
      ['camlab_bytes_sent_total', 'Media bytes sent to RTSP sessions', () => fleet.sessions.bytesSentTotal],
    ];
    for (const [name, help, read] of totals) {
      new Counter({
        name,
        help,
        registers,
        collect() {
          // The running total lives in the session tracker; a counter can only be reset and raised.
          this.reset();
          this.inc(read());
        },
      });
    }
    new Gauge({
      name: 'camlab_faults_active',
      help: 'Faults applied and not yet cleared, by kind',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const f of fleet.faults()) this.inc({ kind: f.kind });
      },
    });
    const soap = new Counter({
      name: 'camlab_soap_requests_total',
      help: 'ONVIF SOAP requests by operation, auth method and HTTP status',
      labelNames: ['operation', 'auth', 'status'],
      registers,
    });
    const rtsp = new Counter({
      name: 'camlab_rtsp_requests_total',
      help: 'RTSP requests by method and status',
      labelNames: ['method', 'status'],
      registers,
    });
    const notifies = new Counter({
      name: 'camlab_onvif_notify_total',
      help: 'WS-BaseNotification Notify deliveries to event consumers by camera and result (delivered, failed)',
      labelNames: ['camera', 'result'],
      registers,
    });
    const notified = new Counter({
      name: 'camlab_onvif_notify_messages_total',
      help: 'Notification messages carried by those Notifies, by camera and result',
      labelNames: ['camera', 'result'],
      registers,
    });
    this.unsubscribe = fleet.log.subscribe((o) => {
      if (o.kind === 'onvif.request') soap.inc({ operation: o.operation, auth: o.auth, status: String(o.httpStatus) });
      else if (o.kind === 'rtsp.request') rtsp.inc({ method: o.method, status: String(o.status) });
      else if (o.kind === 'onvif.notify') {
        notifies.inc({ camera: o.camera, result: o.outcome });
        notified.inc({ camera: o.camera, result: o.outcome }, o.messages);
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }
}
