import { describe, expect, it } from 'vitest';
import { DEFAULT_SIM_SPEED, simEnv } from '../../src/engine/session.js';

describe('simEnv: the environment the simulator is spawned with', () => {
  it('keeps a speed the user set, else uses the fallback', () => {
    expect(simEnv({ EMQX_LAB_SIM_SPEED: '3' }).EMQX_LAB_SIM_SPEED).toBe('3');
    expect(simEnv({}).EMQX_LAB_SIM_SPEED).toBe(String(DEFAULT_SIM_SPEED));
    expect(simEnv({}, 50).EMQX_LAB_SIM_SPEED).toBe('50');
  });

  it('leaves out NODE_EXTRA_CA_CERTS (no TLS in the simulator) and keeps everything else', () => {
    const env = simEnv({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca.crt', EMQX_LAB_HOME: '/tmp/h', PATH: '/bin' });
    expect(env).not.toHaveProperty('NODE_EXTRA_CA_CERTS');
    expect(env).toMatchObject({ EMQX_LAB_HOME: '/tmp/h', PATH: '/bin' });
  });
});
