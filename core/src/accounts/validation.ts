import { BadUserInputError, type Role } from '@commonplace/sdk/internal';
import { MAX_PASSWORD_LENGTH } from './passwords.js';

/** Local usernames: what WebFinger handles and URLs carry without escaping, and no look-alike capitals. */
export const USERNAME_PATTERN = /^[a-z0-9_]{1,30}$/;

export function checkUsername(username: string): string {
  if (!USERNAME_PATTERN.test(username)) {
    throw new BadUserInputError('A username is 1 to 30 lowercase letters, digits or underscores.', 'username');
  }
  return username;
}

// Deliberately loose: one @, something before it, a dotted domain after it. Only a sent mail proves an address.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/** Trimmed address, or BAD_USER_INPUT naming `email`. */
export function checkEmail(email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(trimmed)) {
    throw new BadUserInputError('That is not an email address.', 'email');
  }
  return trimmed;
}

export function checkNewPassword(password: string, minLength: number): string {
  if (password.length < minLength) {
    throw new BadUserInputError(`A password needs at least ${minLength} characters.`, 'password');
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new BadUserInputError(`A password has at most ${MAX_PASSWORD_LENGTH} characters.`, 'password');
  }
  return password;
}

const ROLES: readonly Role[] = ['admin', 'moderator', 'member'];

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new BadUserInputError('Unknown role.', 'role');
  return role as Role;
}

export const PROFILE_LIMITS = { displayName: 100, summary: 5000, avatarUrl: 2048 } as const;

/**
 * A profile text: undefined leaves it as it is, null or blank clears it, longer than `max` is
 * BAD_USER_INPUT naming the field.
 */
export function checkProfileText(value: string | null | undefined, field: string, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  if (trimmed.length > max) throw new BadUserInputError(`${field} has at most ${max} characters.`, field);
  return trimmed;
}

/** An http(s) URL or nothing; other schemes (javascript:, data:...) would be unsafe in an <img> or link. */
export function checkAvatarUrl(value: string | null | undefined): string | null | undefined {
  const text = checkProfileText(value, 'avatarUrl', PROFILE_LIMITS.avatarUrl);
  if (text === undefined || text === null) return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BadUserInputError('avatarUrl must be an http or https URL.', 'avatarUrl');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadUserInputError('avatarUrl must be an http or https URL.', 'avatarUrl');
  }
  return text;
}
