import { describe, expect, it } from '@jest/globals';
import { displayUrl } from '../../src/store/postgres/connection.js';

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
