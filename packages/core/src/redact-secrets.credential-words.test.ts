import { describe, expect, test } from 'vitest';
import { redactSecrets } from './redact-secrets.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';

// A passcode, a one-time password, an MFA code, a PIN, credentials and a session's id (`sid`) are credentials' names
// in text and in parsed objects, as they are in a request's headers (isCredentialName): by the name's words, so that
// `pin`, `otp` and `mfa` count where they end the name or come before the word for its value, and not inside another
// word (`shipping`, `spinner`) nor in what a name says of them (`pin_version`, `otp_length`).
describe("names that are a credential's by their words, as a request header's are", () => {
  test.each([
    ['passcode: 482139', 'passcode: [redacted]'],
    ['{"x-passcode": "482139", "door_passcode": 4242}', '{"x-passcode": "[redacted]", "door_passcode": [redacted]}'],
    ['userPasscode=482139&next=1', 'userPasscode=[redacted]&next=1'],
    ['otp: 482139, totp=482139, sms_otp: 482139', 'otp: [redacted], totp=[redacted], sms_otp: [redacted]'],
    ["{ otp_code: '482139', otpCode: '482139', 'x-otp-value': '482139' }", "{ otp_code: '[redacted]', otpCode: '[redacted]', 'x-otp-value': '[redacted]' }"],
    ['mfa_code: 482139, x-amz-mfa: 482139', 'mfa_code: [redacted], x-amz-mfa: [redacted]'],
    ['X-MFA-Code: 482139; mfaCode=482139; mfa=482139', 'X-MFA-Code: [redacted]; mfaCode=[redacted]; mfa=[redacted]'],
    ['pin: 1234, pin=1234, pin_code=1234, pincode: 1234', 'pin: [redacted], pin=[redacted], pin_code=[redacted], pincode: [redacted]'],
    ['{"card_pin": "9876", "pinNumber": "4321", "x-pin": "1111"}', '{"card_pin": "[redacted]", "pinNumber": "[redacted]", "x-pin": "[redacted]"}'],
    ['credentials: relay:pw-7f3a', 'credentials: [redacted]'],
    ['{"credentials": "user:pass", "awsCredentials": {"id": "AKIA1"}}', '{"credentials": "[redacted]", "awsCredentials": [redacted]}'],
    ['X-Client-Credentials: dXNlcjpwYXNz\r\nHost: api.groq.com', 'X-Client-Credentials: [redacted]\r\nHost: api.groq.com'],
    ['sid=q7Wm2xLp connect.sid=s%3Aq7Wm2xLp.sig GET /app?sid=q7Wm2xLp', 'sid=[redacted] connect.sid=[redacted] GET /app?sid=[redacted]'],
    ['{"sid": "q7Wm2xLp"}', '{"sid": "[redacted]"}'],
  ])('hidden: %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test.each([
    // Inside another word, or what a name says of one.
    'shipping: free, spinner=dots, spin: 3, opinion: good',
    'pin_version: 3, pin_memory: 2GB, x-pin-model: llama, pinned: yes',
    'otp_length=6 otp_method: sms x-mfa-required: yes mfa_device: phone laptop: x',
    'sidebar: left, side=right, inside: 2, ssid: home, aside=1',
    // A session's id or count stays a name of no credential in text (see secretNames).
    'session_id=sess_42 sessionId: abc session: 2',
    // Fetch's credentials mode, and words after `credentials:` (this SDK's advice too).
    "credentials: include, credentials: 'same-origin', credentials=omit, {\"credentials\":\"include\"}",
    'The request was redirected to https://api.groq.com, another origin, where the client sends no credentials: set baseURL to https://api.groq.com (https rather than http, say) if that is the server to use.',
    "The proxy asks for credentials: put them in its URL in HTTPS_PROXY or HTTP_PROXY, as user:password@ before the proxy's host",
    'Invalid credentials: please check your API key',
    'grant_type=client_credentials&scope=chat',
  ])('shown: %s', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  // AWS's `x-amz-mfa` is the MFA device's serial, a space, then the code it shows: the serial alone was hidden, the code
  // shown. Only a name ending in `mfa`, and only a code of digits after the serial: the words after any other value stay.
  test.each([
    ['x-amz-mfa: 20899872 301749\r\nHost: examplebucket.s3.amazonaws.com', 'x-amz-mfa: [redacted]\r\nHost: examplebucket.s3.amazonaws.com'],
    ['refused x-amz-mfa: arn:aws:iam::123456789012:mfa/root-device 482139 for DELETE', 'refused x-amz-mfa: [redacted] for DELETE'],
    ['X-Amz-MFA: 20899872\t301749.', 'X-Amz-MFA: [redacted].'],
    ['MFA=20899872 30174912, next=1', 'MFA=[redacted], next=1'],
    // One word, or words after it that are no code: as before.
    ['x-amz-mfa: 482139 was refused', 'x-amz-mfa: [redacted] was refused'],
    ['mfa: required 2 times', 'mfa: [redacted] 2 times'],
    ['mfa_code: 482139 301749', 'mfa_code: [redacted] 301749'],
    ['x-amz-mfa: 20899872\n301749', 'x-amz-mfa: [redacted]\n301749'],
  ])('the serial and code of %s', (text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  test('the same names hide a parsed object’s values; fetch’s credentials mode and other names stay', () => {
    const echo = { passcode: '482139', otp: '482139', mfa_code: '482139', pin: '1234', credentials: 'user:pass', sid: 'q7Wm2xLp' };
    expect(redactSecretsDeep(echo)).toEqual({ passcode: '[redacted]', otp: '[redacted]', mfa_code: '[redacted]', pin: '[redacted]', credentials: '[redacted]', sid: '[redacted]' });
    const options = { credentials: 'include', shipping: 'free', spinner: 'dots', pin_version: '3', otp_length: '6', sidebar: 'left' };
    expect(redactSecretsDeep(options)).toBe(options);
  });
});
