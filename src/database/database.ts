import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Raw database access for the hot paths, portable between SQLite and PostgreSQL.
 *
 * `transaction` runs write transactions one after another. SQLite has a single connection and TypeORM
 * would otherwise open a second BEGIN inside the first; on PostgreSQL the queue is harmless
 * because message writes are already batched (group commit) before they get here.
 */
@Injectable()
export class Database {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const run = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Rewrites `?` placeholders for the connected database (PostgreSQL numbers them). */
  sql(query: string): string {
    if (this.dataSource.options.type !== 'postgres') return query;
    let index = 0;
    return query.replace(/\?/g, () => `$${++index}`);
  }

  /** A column value as read from a raw query, as the entity holds it. */
  fromColumnValue(entity: EntityTarget<ObjectLiteral>, property: string, value: unknown): unknown {
    return this.dataSource.driver.prepareHydratedValue(value, this.column(entity, property));
  }

  /** A value as the driver stores it in a column of the entity (dates differ per database). */
  toColumnValue(entity: EntityTarget<ObjectLiteral>, property: string, value: unknown): unknown {
    return this.dataSource.driver.preparePersistentValue(value, this.column(entity, property));
  }

  /** Runs one statement and answers its rows (RETURNING included) on either database. */
  async rows<T>(manager: EntityManager, query: string, parameters: unknown[]): Promise<T[]> {
    if (!manager.queryRunner) throw new Error('rows() runs inside transaction()');
    const result = await manager.queryRunner.query(query, parameters, true);
    return (result.records ?? []) as T[];
  }

  private column(entity: EntityTarget<ObjectLiteral>, property: string) {
    const column = this.dataSource.getMetadata(entity).findColumnWithPropertyName(property);
    if (!column) throw new Error(`${String(entity)}.${property} is not a column`);
    return column;
  }
}
