import { describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV, sqliteBindingFromEnv } from './sqlite-binding';

describe('the better-sqlite3 addon named by npm start', () => {
  const env = { [SQLITE_BINDING_ENV]: '/cache/build/Release/better_sqlite3.node' };

  it('is used in development', () => {
    expect(sqliteBindingFromEnv(env, true)).toBe('/cache/build/Release/better_sqlite3.node');
  });

  it('is ignored by a packaged app, and absent or empty means the one in node_modules', () => {
    expect(sqliteBindingFromEnv(env, false)).toBeUndefined();
    expect(sqliteBindingFromEnv({}, true)).toBeUndefined();
    expect(sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: '' }, true)).toBeUndefined();
  });

  it('must be an absolute path', () => {
    expect(() => sqliteBindingFromEnv({ [SQLITE_BINDING_ENV]: 'build/x.node' }, true)).toThrow(
      /AIASMR_SQLITE_BINDING must be an absolute path/,
    );
  });
});
