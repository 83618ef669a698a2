/** Tables owned by the stream (migration 0010_stream.sql), merged into the shared Database type. */
declare module '../db/types.js' {
  interface Database {
    stream_pruned: StreamPrunedTable;
  }
}

export interface StreamPrunedTable {
  company_id: string;
  /** Highest seq of the company removed from event_changes by retention. */
  through_seq: number;
}
