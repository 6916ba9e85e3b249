import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/log.js';
import { CLIENT_TIMEOUTS, createPool, displayUrl } from '../../src/store/postgres/connection.js';
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '../helpers/postgres.js';

describe('a database URL as shown in messages and logs', () => {
  it('hides the password, in the user part or in the query string', () => {
    expect(displayUrl('postgres://desk:secret@db.contoso.com:5432/desk')).toBe('postgres://desk:***@db.contoso.com:5432/desk');
    expect(displayUrl('postgres://desk@db.contoso.com/desk?password=secret&sslmode=require')).toBe(
      'postgres://desk@db.contoso.com/desk?password=***&sslmode=require',
    );
    expect(displayUrl('postgres://desk@db.contoso.com/desk?sslmode=verify-full&sslkey=/k.pem&sslpassword=secret')).toBe(
      'postgres://desk@db.contoso.com/desk?sslmode=verify-full&sslkey=/k.pem&sslpassword=***',
    );
  });
});

describeWithPostgres('the connections to the database', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.drop());

  it('have the database limit each statement, each wait for a lock and each transaction left idle', async () => {
    const pool = createPool(database.url, createLogger('silent'), CLIENT_TIMEOUTS);
    try {
      const show = async (setting: string) => (await pool.query(`SHOW ${setting}`)).rows[0]?.[setting];
      expect(await show('statement_timeout')).toBe('5s');
      expect(await show('lock_timeout')).toBe('4s');
      expect(await show('idle_in_transaction_session_timeout')).toBe('10s');
    } finally {
      await pool.end();
    }
  });
});
