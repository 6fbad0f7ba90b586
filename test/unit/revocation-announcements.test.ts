import { expect } from 'chai';
import { RevocationAnnouncements } from '../../app/oauth/revocation-announcements.ts';
import type { Revocation } from '../../app/oauth/revocations.repository.ts';

describe('revocation announcements', () => {
  const entries = [{ id: 7, clientId: 'cid_x', revokedBefore: 1 }] as unknown as Revocation[];

  it('answers once every listener has had the entries, in the order they listened, each awaited', async () => {
    const announcements = new RevocationAnnouncements();
    const seen: string[] = [];
    announcements.listen(async (got) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(`first ${got.length}`);
    });
    announcements.listen((got) => {
      seen.push(`second ${got.length}`);
    });
    await announcements.announce(entries);
    expect(seen).to.deep.equal(['first 1', 'second 1']);
  });

  it('stops telling a listener once it is removed, and a listener that fails fails the announcement', async () => {
    const announcements = new RevocationAnnouncements();
    const seen: number[] = [];
    const stop = announcements.listen((got) => {
      seen.push(got.length);
    });
    await announcements.announce(entries);
    stop();
    await announcements.announce(entries);
    expect(seen).to.deep.equal([1]);
    announcements.listen(() => Promise.reject(new Error('relay down')));
    let failed: unknown;
    await announcements.announce(entries).catch((err: unknown) => (failed = err));
    expect(failed).to.be.instanceOf(Error);
  });
});
