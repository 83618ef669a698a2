/**
 * The replica's directory cannot be used (held by another process, unreadable): a refusal to start.
 * A module of its own, so the CLI can recognise it without loading DuckDB for every command.
 */
export class ReplicaDirError extends Error {}
