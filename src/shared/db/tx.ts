/** The slice of a transaction the modules see: parameterised SQL, nothing driver-specific. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * A transaction that writes its changes in one last message (the case store's) takes the
   * idempotency answer into that message instead of an INSERT of its own: the answer then carries
   * the case numbers the write takes, and a key answered by another request first fails that write
   * (`IdempotencyAnsweredElsewhere`). Returns the answer as committed, to call once committed.
   */
  stageAnswer?(answer: StagedAnswer): () => string;
}

/** An `idempotency_record` row as a command's transaction stores it (ADR 0005). */
export interface StagedAnswer {
  scope: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  statusCode: number;
  /** The answer's JSON text; case-number placeholders in it are replaced by the write. */
  response: string;
  withheld: readonly string[];
  createdAt: Date;
  expiresAt: Date;
}
