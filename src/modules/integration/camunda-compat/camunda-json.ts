import type { Response } from 'express';

/**
 * Camunda's JS client parses a body only when Content-Type is exactly `application/json` (Camunda's own
 * header); Express would append `; charset=utf-8` to a string body, so the JSON goes out as bytes.
 */
export function sendCamundaJson(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', 'application/json');
  res.send(Buffer.from(JSON.stringify(body), 'utf8'));
}
