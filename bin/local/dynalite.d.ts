/** The part of dynalite's untyped API that local mode uses. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent. */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }

  /** Creates an HTTP server that speaks the DynamoDB API. */
  export default function dynalite(options?: DynaliteOptions): Server;
}
