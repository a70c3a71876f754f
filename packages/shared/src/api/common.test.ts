import { describe, expect, it } from 'vitest';
import { DateInput, DbId, DbIdQuery } from './common';

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
