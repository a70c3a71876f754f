import { describe, expect, it } from 'vitest';
import { DateInput, DbId, DbIdQuery } from './common';
import { CreateUserRequest } from './users';
import { UpdateRegionRequest } from './regions';

describe('DateInput', () => {
  it('takes real days of plausible years', () => {
    for (const day of ['2026-02-28', '2024-02-29', '1900-01-01', '2100-12-31']) {
      expect(DateInput.safeParse(day).success, day).toBe(true);
    }
  });

  it('refuses days that do not exist and years no child of today has to do with', () => {
    for (const day of ['2026-02-30', '2026-13-01', '0000-01-01', '0001-01-01', '1899-12-31', '9999-12-31']) {
      expect(DateInput.safeParse(day).success, day).toBe(false);
    }
  });
});

describe('DbId', () => {
  it("takes ids of the database's integer range only, in a body and in a query", () => {
    expect(DbId.safeParse(2_147_483_647).success).toBe(true);
    expect(DbId.safeParse(2_147_483_648).success).toBe(false);
    expect(DbId.safeParse(0).success).toBe(false);
    expect(DbIdQuery.safeParse('2147483647').data).toBe(2_147_483_647);
    expect(DbIdQuery.safeParse('2147483648').success).toBe(false);
  });
});

describe('TypedText', () => {
  it('takes a name pasted with invisible characters as the name typed, and one made of them only as empty', () => {
    // A zero-width space, a zero-width joiner, a left-to-right mark and a byte-order mark.
    expect(UpdateRegionRequest.parse({ name: '\u200b 新村\u200d\u200e ' }).name).toBe('新村');
    expect(UpdateRegionRequest.safeParse({ name: '\u200b\u200c\u2060\ufeff' }).success).toBe(false);
    const user = {
      username: 'pasted.name',
      role: 'town_official',
      scopeCode: '610727101',
      initialPassword: 'Initial#2026',
    };
    expect(CreateUserRequest.parse({ ...user, displayName: '王\u200b小明' }).displayName).toBe('王小明');
    expect(CreateUserRequest.safeParse({ ...user, displayName: '\u200b' }).success).toBe(false);
  });
});
