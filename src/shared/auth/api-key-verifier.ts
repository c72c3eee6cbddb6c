import type { Principal } from './principal.js';

/** Port for X-Api-Key authentication; the integration module provides the real one. */
export abstract class ApiKeyVerifier {
  abstract verify(secret: string): Promise<Principal | null>;
}
