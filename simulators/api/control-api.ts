import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Fleet } from '../fleet/fleet.ts';
import { errorResponse } from './error-response.ts';
import type { FleetMetrics } from './fleet-metrics.ts';
import { HttpError, zodIssues } from './http-error.ts';
import { observationQuerySchema, type ObservationQueryParams } from './observation-query.ts';
import { observationPage } from './observation-page.ts';
import { streamObservations } from './observation-stream.ts';
import type { ProcessHeadroom } from './process-headroom.ts';

export interface ControlApiOptions {
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token?: string;
  metrics: FleetMetrics;
  /** This process's cumulative headroom counters (GET /api/headroom). */
  headroom: ProcessHeadroom;
  /** The API's own base URL, recorded in the inventory it serves. */
  baseUrl?: string;
}

/** POST /api/users: users added to (or replaced, by name, on) every device this fleet serves. */
const addUsersSchema = z
  .object({
    users: z
      .array(
        z
          .object({
            username: z.string().min(1).max(64),
            password: z.string().min(1).max(256),
            role: z.enum(['Administrator', 'Operator', 'User']),
          })
          .strict(),
      )
      .min(1)
      .max(64),
  })
  .strict();

/** Every device (camera and recorder) this fleet serves. */
function devicesOf(fleet: Fleet): string[] {
  const inventory = fleet.inventory();
  return [...inventory.cameras.map((c) => c.id), ...(inventory.recorders ?? []).map((r) => r.id)];
}

function parseQuery(req: Request): ObservationQueryParams {
  const parsed = observationQuerySchema.safeParse(req.query);
  if (!parsed.success) throw new HttpError(400, 'invalid observation query', zodIssues(parsed.error.issues));
  return parsed.data;
}

/**
 * The control API: the fleet's cameras, faults and observations over HTTP, plus Prometheus
 * metrics. A scenario runner and a person at curl use the same vocabulary.
 */
export function createControlApp(fleet: Fleet, opts: ControlApiOptions): express.Express {
  const app = express();
  /** Users POST /api/users added, which DELETE /api/users/:username may take back. */
  const added = new Set<string>();
  app.disable('x-powered-by');
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (opts.token !== undefined && req.headers.authorization !== `Bearer ${opts.token}`) {
      next(new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer <token>)'));
      return;
    }
    next();
  });
  app.use(express.json({ limit: '256kb', strict: true }));

  app.get('/api/inventory', (_req, res) => {
    res.json(fleet.inventory(opts.baseUrl));
  });

  app.get('/api/cameras', (_req, res) => {
    const faultsByCamera = new Map<string, string[]>();
    for (const f of fleet.faults())
      for (const id of f.cameras) faultsByCamera.set(id, [...(faultsByCamera.get(id) ?? []), f.id]);
    const sessions = new Map<string, number>();
    for (const s of fleet.sessions.sessions()) sessions.set(s.camera, (sessions.get(s.camera) ?? 0) + 1);
    const byId = new Map(fleet.fleetCameras().map((c) => [c.plan.id, c]));
    res.json(
      fleet.inventory(opts.baseUrl).cameras.map((c) => ({
        ...c,
        state: byId.get(c.id)!.power,
        faults: faultsByCamera.get(c.id) ?? [],
        sessions: sessions.get(c.id) ?? 0,
      })),
    );
  });

  app.get('/api/cameras/:id', async (req, res) => {
    const detail = await fleet.cameraDetail(req.params.id);
    if (detail === undefined) throw new HttpError(404, `no camera '${req.params.id}' in this fleet`);
    res.json(detail);
  });

  app.post('/api/faults', async (req, res) => {
    if (req.body === undefined)
      throw new HttpError(400, 'invalid fault request', [
        { path: '', message: 'expected a JSON body (content-type: application/json)' },
      ]);
    res.status(201).json(await fleet.applyFault(req.body));
  });

  app.get('/api/faults', (_req, res) => {
    res.json(fleet.faults());
  });

  app.delete('/api/faults/:id', async (req, res) => {
    await fleet.clearFault(req.params.id);
    res.status(204).end();
  });

  // A runner driving this fleet from elsewhere (`camlab run --shards`) adds one camera user per hub
  // instance, as a local run does, so every session names the hub that opened it.
  app.post('/api/users', async (req, res) => {
    const parsed = addUsersSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'invalid users request', zodIssues(parsed.error.issues));
    await fleet.addUsers(devicesOf(fleet), parsed.data.users);
    for (const u of parsed.data.users) added.add(u.username);
    res.status(204).end();
  });

  // The runner takes its users back when it closes: only users added here, never the fleet's own.
  app.delete('/api/users/:username', async (req, res) => {
    const { username } = req.params;
    if (!added.has(username)) throw new HttpError(404, `no user '${username}' was added through this API`);
    await fleet.removeUsers(devicesOf(fleet), [username]);
    added.delete(username);
    res.status(204).end();
  });

  // A coordinator on another machine (`camlab load --shards`) judges whether this shard kept up.
  app.get('/api/headroom', (_req, res) => {
    res.json(opts.headroom.read());
  });

  // The whole run, spilled or in memory; a page of at most maxObservationsPerAnswer. The headers
  // say where the next page starts and whether more matched than this answer holds.
  app.get('/api/observations', async (req, res) => {
    const page = await observationPage(fleet.log, parseQuery(req));
    const last = page.observations.at(-1);
    if (last !== undefined) res.setHeader('camlab-next-from', String(last.seq + 1));
    res.setHeader('camlab-truncated', String(page.truncated));
    res.json(page.observations.map((o) => o.observation));
  });

  app.get('/api/observations/stream', (req, res) => {
    streamObservations(fleet.log, parseQuery(req), req, res);
  });

  app.get('/metrics', async (_req, res) => {
    res.type(opts.metrics.registry.contentType).send(await opts.metrics.registry.metrics());
  });

  app.use((req: Request) => {
    throw new HttpError(404, `no route ${req.method} ${req.path}`);
  });
  app.use(errorResponse);
  return app;
}
