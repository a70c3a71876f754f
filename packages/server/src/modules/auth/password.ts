import { hash, verify } from '@node-rs/argon2';
import { checkPassword, type PasswordPolicy } from '@baoxue/shared';
import { AppError } from '../../errors';

// argon2id with the library's defaults (19 MiB, 2 passes), the current OWASP recommendation.
const ARGON2ID = 2;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash must read as "wrong password", never as a server error.
    return false;
  }
}

export function assertStrongPassword(password: string, minLength: number): void {
  const policy: PasswordPolicy = { minLength, minClasses: 3 };
  if (!checkPassword(password, policy).ok) throw new AppError('weak_password');
}
