import type { Server } from 'node:http';
import { Injectable, type INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * Stopping a node that is under load. `server.close()` stops accepting connections but waits for the
 * open ones, and a keep-alive client that sends its next request as soon as the last one is answered
 * never lets its connection go idle: a node told to stop went on serving those clients (and did not
 * exit) for as long as their load lasted. While draining, every answer carries `Connection: close`, so
 * each client finishes the request in flight and reconnects — to another node; readiness answers 503 so
 * a load balancer stops routing here; and whatever is still open when the grace period ends is cut.
 * The database closes only after that (Nest's shutdown hooks run after the HTTP server has closed).
 */
@Injectable()
export class HttpDrain {
  private stopping = false;

  get draining(): boolean {
    return this.stopping;
  }

  /** Express middleware, installed first: answers given while draining close their connection. */
  readonly closeConnectionsWhenDraining = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.stopping) res.setHeader('Connection', 'close');
    next();
  };

  /** Marks the node as stopping; requests in flight and on open connections are still answered. */
  begin(): void {
    this.stopping = true;
  }

  /**
   * Drains, then closes the application: its HTTP server first (`server.close()` also closes the idle
   * connections), then the shutdown hooks — jobs, webhooks, the database. Connections still open after
   * `graceMs` are cut so that the stop always finishes.
   */
  async close(app: INestApplication, graceMs: number): Promise<void> {
    const server = app.getHttpServer() as Server;
    this.begin();
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    try {
      await app.close();
    } finally {
      clearTimeout(cut);
    }
  }
}
