/** The slice of a transaction the modules see: parameterised SQL, nothing driver-specific. */
export interface Tx {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}
