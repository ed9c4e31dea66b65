import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, TEST_PASSWORD } from '../testing/admin-http.js';
import { callFrom } from '../testing/from-address.js';
import { describeRateLimits } from '../testing/rate-limit-scenarios.js';
import { startTestServer, type RunningTestServer } from '../testing/server.js';

describeRateLimits('memory', (env) => startTestServer({ env }));

describe('RATE_LIMIT_ENABLED=false', () => {
  let api: RunningTestServer;
  beforeAll(async () => {
    api = await startTestServer({
      env: {
        RATE_LIMIT_ENABLED: 'false',
        RATE_LIMIT_READ: '1',
        RATE_LIMIT_LOGIN_PER_IP: '1',
        RATE_LIMIT_LOGIN_FAILURES: '1',
      },
    });
  });
  afterAll(() => api?.close());

  it('counts nothing and sends no rate-limit headers', async () => {
    const admin = await signUp(api.url);
    for (let i = 0; i < 3; i += 1) {
      const wrong = await callFrom(
        '127.0.0.1',
        api.url,
        'auth.login',
        {
          email: admin.email,
          password: 'not the password',
        },
        null,
      );
      expect(wrong.status).toBe(401);
    }
    const right = await callFrom(
      '127.0.0.1',
      api.url,
      'auth.login',
      {
        email: admin.email,
        password: TEST_PASSWORD,
      },
      null,
    );
    expect(right.status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      const read = await callFrom('127.0.0.1', api.url, 'auth.me', undefined, admin.credential);
      expect(read.status).toBe(200);
      expect(read.headers.get('x-ratelimit-limit')).toBeNull();
      expect(read.headers.get('ratelimit')).toBeNull();
    }
  });
});
