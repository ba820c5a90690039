import { describe, expect, it } from 'vitest';
import { maskPassword } from '../../../core/src/cli/reachability.js';

describe('maskPassword', () => {
  it('masks a password given as a connection option in the query string, which node-postgres and ioredis both read', () => {
    expect(maskPassword('postgres://commons@db.internal:5432/commons?password=s3cret-in-query&sslmode=require')).toBe(
      'postgres://commons@db.internal:5432/commons?password=***&sslmode=require',
    );
    expect(maskPassword('redis://cache:6379/0?Password=s3cret-upper')).not.toContain('s3cret-upper');
    expect(maskPassword('postgres://u:userinfo-secret@db/x?sslpassword=key-secret')).toBe('postgres://u:***@db/x?sslpassword=***');
  });
});
