import { expect } from 'chai';
import { startLiveApp, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { csrfOf, visibleText } from '../support/portal.ts';
import { callerFor } from '../support/services.ts';

/** How long the session store takes to write, here: long enough that a browser's next request always comes first. */
const SLOW_SAVE_MS = 300;

/**
 * A browser as far as this test needs one: cookies kept, and a redirect followed as soon as its headers arrive (fetch
 * with `redirect: 'manual'` answers on the headers, before the body has ended), as Chromium does.
 */
function browser(baseUrl: string) {
  const cookies = new Map<string, string>();
  return async (path: string, form?: Record<string, string>) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  };
}

describe('portal: a redirect waits for the session to be saved', function () {
  this.timeout(20_000);
  let live: LiveApp;

  before(async () => {
    live = await startLiveApp();
  });

  after(async () => {
    await live?.close();
  });

  it("shows a renewed secret, and a deletion's message, on the page the browser asks for at once, even when the session store is slow to write", async () => {
    const people = await createUgWithPeople(live.t.services);
    const { integration } = await live.t.services.integrations.create(callerFor(people.gestor), people.ug.id, {
      descricao: 'Sistema de compras',
      permissao: 'leitura',
    });
    const go = browser(live.baseUrl);
    const login = await go('/login');
    const signedIn = await go('/login', { _csrf: csrfOf(await login.text()), email: people.gestor.email, password: PASSWORD });
    expect(signedIn.status).to.equal(303);
    const confirm = await (await go(`/unidades-gestoras/${people.ug.id}/integracoes/${integration.id}/renovar`)).text();
    const segredoDe = /name="segredoDe" value="(\d+)"/.exec(confirm)?.[1] ?? '';

    // From here on the store takes its time to write a session, as a loaded database does.
    const store = live.t.services.sessions;
    const set = store.set.bind(store);
    store.set = (sid, data, callback) => void setTimeout(() => set(sid, data, callback), SLOW_SAVE_MS);
    try {
      const renewed = await go(`/unidades-gestoras/${people.ug.id}/integracoes/${integration.id}/renovar`, {
        _csrf: csrfOf(confirm),
        segredoDe,
      });
      expect(renewed.status).to.equal(303);
      const page = await go(renewed.headers.get('location') ?? '');
      expect(visibleText(await page.text())).to.include('Segredo renovado');
      // A flash likewise: the message of a deletion on the list it redirects to.
      const deletion = await (await go(`/unidades-gestoras/${people.ug.id}/integracoes/${integration.id}/excluir`)).text();
      const deleted = await go(`/unidades-gestoras/${people.ug.id}/integracoes/${integration.id}/excluir`, { _csrf: csrfOf(deletion) });
      expect(deleted.status).to.equal(303);
      const list = await go(deleted.headers.get('location') ?? '');
      expect(visibleText(await list.text())).to.include('Integração "Sistema de compras" excluída.');
    } finally {
      store.set = set;
    }
  });
});
