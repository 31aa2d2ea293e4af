import { Injectable } from '@nestjs/common';
import type BetterSqlite3 from 'better-sqlite3';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Runs one statement inside a raw transaction and answers its rows (RETURNING included). */
export type SqlRunner = <T>(query: string, parameters: unknown[]) => Promise<T[]>;

/**
 * Write transactions, one after another, and raw SQL for the hot path, portable between
 * SQLite and PostgreSQL. SQLite has a single connection: without the queue TypeORM would
 * open a second BEGIN inside the first. On PostgreSQL the queue costs little because
 * message writes are already batched (group commit) before they get here.
 */
@Injectable()
export class Database {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sqlite: BetterSqlite3.Database | null;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly dataSource: DataSource) {
    this.sqlite =
      dataSource.options.type === 'better-sqlite3'
        ? (dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database })
            .databaseConnection
        : null;
  }

  /** A TypeORM transaction, queued behind the others. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.enqueue(() => this.dataSource.transaction(work));
  }

  /**
   * A transaction of raw statements, queued behind the others. On SQLite it runs on
   * better-sqlite3's cached prepared statements, without TypeORM's per-query machinery.
   */
  rawTransaction<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite;
    if (!sqlite) {
      return this.transaction((manager) =>
        work(async <R>(query: string, parameters: unknown[]) => {
          const result = await manager.queryRunner!.query(query, parameters, true);
          return (result.records ?? []) as R[];
        }),
      );
    }
    return this.enqueue(async () => {
      // A TypeORM write outside the queue (e.g. save()) may hold the connection's transaction.
      while (sqlite.inTransaction) await new Promise((resolve) => setImmediate(resolve));
      this.statement('BEGIN IMMEDIATE').run();
      try {
        const result = await work(async <R>(query: string, parameters: unknown[]) =>
          this.execute<R>(query, parameters),
        );
        this.statement('COMMIT').run();
        return result;
      } catch (error) {
        if (sqlite.inTransaction) this.statement('ROLLBACK').run();
        throw error;
      }
    });
  }

  /**
   * Reads that must agree with each other (a room's lastSeq and its events up to it). On
   * SQLite they are queued like a transaction, so no write lands between them; on
   * PostgreSQL they share one REPEATABLE READ snapshot.
   */
  snapshot<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    if (this.sqlite) return this.enqueue(() => work((query, params) => this.query(query, params)));
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      work(async <R>(query: string, parameters: unknown[]) => {
        const result = await manager.queryRunner!.query(query, parameters, true);
        return (result.records ?? []) as R[];
      }),
    );
  }

  /** One statement outside any transaction, on cached prepared statements on SQLite. */
  async query<T>(query: string, parameters: unknown[]): Promise<T[]> {
    if (!this.sqlite) return (await this.dataSource.query(query, parameters)) as T[];
    return this.execute<T>(query, parameters);
  }

  /** Rewrites `?` placeholders for the connected database (PostgreSQL numbers them). */
  sql(query: string): string {
    if (this.dataSource.options.type !== 'postgres') return query;
    let index = 0;
    return query.replace(/\?/g, () => `$${++index}`);
  }

  /**
   * A timestamp column as read by a raw query: PostgreSQL's driver gives a Date, SQLite
   * the UTC text TypeORM wrote ("2026-11-25 18:34:37.647").
   */
  toDate(value: unknown): Date {
    return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
  }

  /** A value as the driver stores it in a column of the entity (dates differ per database). */
  toColumnValue(entity: EntityTarget<ObjectLiteral>, property: string, value: unknown): unknown {
    return this.dataSource.driver.preparePersistentValue(value, this.column(entity, property));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** SQLite: the statement's rows, or none for a statement that returns no data. */
  private execute<T>(query: string, parameters: unknown[]): T[] {
    const statement = this.statement(query);
    if (statement.reader) return statement.all(...parameters) as T[];
    statement.run(...parameters);
    return [];
  }

  private statement(query: string): BetterSqlite3.Statement {
    let statement = this.statements.get(query);
    if (!statement) {
      statement = this.sqlite!.prepare(query);
      this.statements.set(query, statement);
    }
    return statement;
  }

  private column(entity: EntityTarget<ObjectLiteral>, property: string) {
    const column = this.dataSource.getMetadata(entity).findColumnWithPropertyName(property);
    if (!column) throw new Error(`${String(entity)}.${property} is not a column`);
    return column;
  }
}
