import { describe, expect, test } from 'vitest';
import { headerSecrets, isCredentialName } from './header-secrets.js';

describe('isCredentialName', () => {
  test.each([
    'authorization',
    'Authorization',
    'proxy-authorization',
    'Proxy-Authorization',
    'x-api-key',
    'X-API-KEY',
    'api-key',
    'api_key',
    'apikey',
    'apiKey',
    'APIKey',
    'XApiKey',
    'x-goog-api-key',
    'x-amz-security-token',
    'X-Amz-Security-Token',
    'x-auth-token',
    'X-Auth',
    'x-oauth',
    'oauth_token',
    'authtoken',
    'auth',
    'access_token',
    'accessToken',
    'refresh_token',
    'id_token',
    'csrftoken',
    'client_secret',
    'clientSecret',
    'CLIENT_SECRET',
    'x-tenant-key',
    'x-team-token',
    'sort_key',
    'compass_key',
    'key',
    'passkey',
    'password',
    'PASSWORD',
    'Password',
    'passwd',
    'dbpassword',
    'x-db-passwd',
    'newPassword',
    'password_confirmation',
    'pwd',
    'passphrase',
    'X-SSH-Passphrase',
    'sig',
    'signature',
    'Signature',
    'x-amz-signature',
    'X-Amz-Signature',
    'X-Hub-Signature-256',
    'oauth_signature',
    'x-key-id',
  ])('%s names a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  test.each([
    'idempotency-key',
    'Idempotency-Key',
    'x-idempotency-key',
    'X-Idempotency-Key',
    'idempotency_key',
    'idempotencyKey',
    'X-Author',
    'author',
    'x-authority',
    'design',
    'x-design-id',
    'X-Keyboard-Layout',
    'keyboard',
    'monkey',
    'turkey',
    'x-turkey-variant',
    'hotkey',
    'x-request-id',
    'x-request-signature-version',
    'SignatureVersion',
    'SignatureMethod',
    'oauth_signature_method',
    'X-Amz-SignedHeaders',
    'signin_redirect',
    'x-tokenizer',
    'secretary',
    'x-trace',
    'region',
  ])('%s names no credential', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('headerSecrets', () => {
  test("remembers a credential header's value and nothing of another header's", () => {
    expect(headerSecrets('x-api-key', 'tenant-key-7f3a9b2c')).toEqual(['tenant-key-7f3a9b2c']);
    expect(headerSecrets('x-idempotency-key', 'order-7f3a9b2c1d')).toEqual([]);
    expect(headerSecrets('X-Author', 'alice-liddell')).toEqual([]);
  });
});

describe("a Cookie line's credentials", () => {
  test('a cookie named by a credential\'s word counts from 8 characters, one whose letters only hide such a word from 16', () => {
    const line = 'monkey=banana42; hotkey=ctrl-alt; api_key=abcd1234; sessionToken=abcdefgh; design=minimal1';
    expect(headerSecrets('Cookie', line)).toEqual(['abcd1234', 'abcdefgh']);
  });
});
