import { newClientId } from './clientId';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientId', () => {
  it('makes distinct v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 100 }, newClientId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('works without crypto.randomUUID (plain http on a LAN)', () => {
    vi.stubGlobal('isSecureContext', false);
    expect(newClientId()).toMatch(UUID_V4);
  });
});
