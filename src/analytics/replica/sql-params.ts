/**
 * Named parameters for replica SQL. Every value a request supplies reaches DuckDB as a bound
 * parameter (`$p0`, `$p1`, …), never pasted into the text; `add` returns the placeholder to splice.
 * Types are given explicitly: DuckDB cannot infer a list's item type from JavaScript values.
 */
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from '@duckdb/node-api';

export class SqlParams {
  readonly values: Record<string, DuckDBValue> = {};
  readonly types: Record<string, DuckDBType> = {};
  private n = 0;

  private put(value: DuckDBValue, type: DuckDBType): string {
    const key = `p${this.n++}`;
    this.values[key] = value;
    this.types[key] = type;
    return `$${key}`;
  }

  text(value: string | null): string {
    return this.put(value, VARCHAR);
  }
  /** A uuid (bound as text, cast in SQL: DuckDB compares it as a 128-bit integer then). */
  uuid(value: string): string {
    return `${this.put(value, VARCHAR)}::uuid`;
  }
  int(value: number | bigint): string {
    return this.put(typeof value === 'bigint' ? value : BigInt(Math.trunc(value)), BIGINT);
  }
  float(value: number): string {
    return this.put(value, DOUBLE);
  }
  bool(value: boolean): string {
    return this.put(value, BOOLEAN);
  }
  texts(values: readonly (string | null)[]): string {
    return this.put(listValue([...values]), LIST(VARCHAR));
  }
  uuids(values: readonly string[]): string {
    return `${this.put(listValue([...values]), LIST(VARCHAR))}::uuid[]`;
  }
  ints(values: readonly number[]): string {
    return this.put(listValue(values.map((v) => BigInt(Math.trunc(v)))), LIST(BIGINT));
  }
}
