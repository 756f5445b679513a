import { z } from 'zod';

/** ZoneMinder's REST API (1.36, CakePHP), the calls camlab uses; answers validated with zod. */
const versionSchema = z.object({ version: z.string(), apiversion: z.string() });

const monitorStatusSchema = z
  .object({
    Status: z.string().nullable().optional(),
    CaptureFPS: z.union([z.string(), z.number()]).nullable().optional(),
  })
  .nullable()
  .optional();

const monitorsSchema = z.object({
  monitors: z.array(
    z.object({
      Monitor: z.object({ Id: z.union([z.string(), z.number()]), Name: z.string() }),
      Monitor_Status: monitorStatusSchema,
    }),
  ),
});

const eventsSchema = z.object({
  events: z.array(
    z.object({
      Event: z.object({
        Id: z.union([z.string(), z.number()]),
        MonitorId: z.union([z.string(), z.number()]),
        StartDateTime: z.string().nullable(),
        EndDateTime: z.string().nullable(),
      }),
    }),
  ),
  pagination: z.object({ pageCount: z.number(), page: z.number() }).partial().optional(),
});

export interface ZmMonitorState {
  id: number;
  name: string;
  /** Monitor_Status.Status: 'Connected', 'Running', 'NotRunning', 'Unknown', or absent before zmc first reports. */
  status: string | undefined;
  captureFps: number | undefined;
}

export interface ZmEvent {
  id: number;
  monitorId: number;
  startDateTime: string;
  /** Null while the event is still being recorded. */
  endDateTime: string | null;
}

export class ZoneMinderApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneMinderApiError';
  }
}

/** Longest event listing read (pages of ZoneMinder's default size). */
const MAX_EVENT_PAGES = 50;

export class ZoneMinderApi {
  constructor(readonly baseUrl: string) {}

  async version(): Promise<string> {
    return versionSchema.parse(await this.call('GET', '/host/getVersion.json')).version;
  }

  /** Adds a monitor; returns its id (looked up by its unique name: the add call answers with none). */
  async addMonitor(fields: Record<string, string | number>): Promise<number> {
    const body = new URLSearchParams(Object.entries(fields).map(([k, v]) => [`Monitor[${k}]`, String(v)]));
    await this.call('POST', '/monitors.json', body);
    const found = (await this.monitors()).find((m) => m.name === fields['Name']);
    if (found === undefined)
      throw new ZoneMinderApiError(`POST /monitors.json: monitor '${String(fields['Name'])}' was not created`);
    return found.id;
  }

  async deleteMonitor(id: number): Promise<void> {
    await this.call('DELETE', `/monitors/${id}.json`);
  }

  async monitors(): Promise<ZmMonitorState[]> {
    const answer = parseAnswer(monitorsSchema, await this.call('GET', '/monitors.json'), 'GET /monitors.json');
    return answer.monitors.map((m) => ({
      id: Number(m.Monitor.Id),
      name: m.Monitor.Name,
      status: m.Monitor_Status?.Status ?? undefined,
      captureFps:
        m.Monitor_Status?.CaptureFPS === undefined || m.Monitor_Status.CaptureFPS === null
          ? undefined
          : Number(m.Monitor_Status.CaptureFPS),
    }));
  }

  async events(monitorId: number): Promise<ZmEvent[]> {
    const events: ZmEvent[] = [];
    for (let page = 1; page <= MAX_EVENT_PAGES; page++) {
      const path = `/events/index/MonitorId:${monitorId}.json?sort=StartDateTime&direction=asc&page=${page}`;
      const answer = parseAnswer(eventsSchema, await this.call('GET', path), `GET ${path}`);
      for (const { Event: e } of answer.events) {
        if (e.StartDateTime === null) continue;
        events.push({
          id: Number(e.Id),
          monitorId: Number(e.MonitorId),
          startDateTime: e.StartDateTime,
          endDateTime: e.EndDateTime,
        });
      }
      if ((answer.pagination?.pageCount ?? 1) <= page) break;
    }
    return events;
  }

  private async call(method: string, path: string, body?: URLSearchParams): Promise<unknown> {
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await fetch(url, { method, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(15_000) });
    } catch (err) {
      throw new ZoneMinderApiError(`${method} ${url}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const text = await res.text();
    if (!res.ok) throw new ZoneMinderApiError(`${method} ${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ZoneMinderApiError(`${method} ${url}: expected JSON, got: ${text.slice(0, 300)}`);
    }
  }
}

function parseAnswer<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ZoneMinderApiError(
      `${what}: unexpected answer: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/**
 * A ZoneMinder datetime ('2026-12-06 08:23:00') as epoch ms. ZoneMinder writes the server's local
 * time without a zone; camlab runs on the same host, so Node's local time reads it back.
 */
export function zmDateTimeMs(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (m === null) throw new ZoneMinderApiError(`expected a ZoneMinder datetime 'YYYY-MM-DD HH:MM:SS', got '${value}'`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return new Date(y, mo - 1, d, h, mi, s).getTime();
}
