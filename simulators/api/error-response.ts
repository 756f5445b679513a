import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.ts';

/**
 * The API's one error → response function: an HttpError keeps its status and issues, a body
 * that is not JSON is a 400 naming the body, anything else is a 500 and one log line.
 */
export function errorResponse(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof HttpError) {
    res.status(err.status).json({ error: err.message, issues: err.issues });
    return;
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') {
    res
      .status(400)
      .json({ error: 'request body is not valid JSON', issues: [{ path: '', message: e.message ?? 'invalid JSON' }] });
    return;
  }
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    res.status(e.status).json({ error: e.message ?? 'bad request', issues: [] });
    return;
  }
  console.error('camlab api: internal error:', err);
  res.status(500).json({ error: 'internal error', issues: [] });
}
