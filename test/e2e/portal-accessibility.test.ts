import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { visibleText } from '../support/portal.ts';

/** The contrast cookie a response set, with its attributes. */
const contrastCookie = (res: { headers: Record<string, unknown> }) =>
  ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('cidades.contraste=')) ?? '';

describe('portal: the Acessibilidade page and the high-contrast toggle without JavaScript', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('describes the shortcuts and their access keys, and every page links to it', async () => {
    const res = await request(t.app).get('/acessibilidade').expect(200);
    expect(visibleText(res.text)).to.include('Ir para o conteúdo [1]').and.include('Alt + número').and.include('Alto contraste');
    expect(res.text).to.include('accesskey="1"').and.include('accesskey="4"').and.include('id="rodape"');
  });

  it('switches high contrast on and off with a cookie, back to the page it came from, and never to another site', async () => {
    const on = await request(t.app)
      .get('/acessibilidade/contraste?voltar=%2Flogin%3Fnext%3D%252F')
      .expect(303)
      .expect('Location', '/login?next=%2F');
    const cookie = contrastCookie(on).split(';')[0] as string;
    expect(cookie).to.equal('cidades.contraste=alto');
    const page = await request(t.app).get('/login').set('Cookie', cookie).expect(200);
    expect(page.text).to.include('<html lang="pt-BR" class="alto-contraste">').and.include('aria-pressed="true"');
    const off = await request(t.app).get('/acessibilidade/contraste?voltar=/login').set('Cookie', cookie).expect(303);
    expect(contrastCookie(off)).to.match(/^cidades\.contraste=normal;/);
    for (const elsewhere of ['//exemplo.com/x', 'https://exemplo.com/', '/\\exemplo.com', '']) {
      await request(t.app)
        .get(`/acessibilidade/contraste?voltar=${encodeURIComponent(elsewhere)}`)
        .expect(303)
        .expect('Location', '/');
    }
  });

  it('applies the choice to Swagger UI too (/api/docs), with the toggle in its bar, and says so on the Acessibilidade page', async () => {
    const normal = await request(t.app).get('/api/docs').expect(200);
    expect(normal.text).to.include('<html lang="pt-BR">').and.include('aria-pressed="false"').and.include('/public/css/alto-contraste.css');
    const high = await request(t.app).get('/api/docs').set('Cookie', 'cidades.contraste=alto').expect(200);
    expect(high.text).to.include('<html lang="pt-BR" class="alto-contraste">').and.include('aria-pressed="true"');
    expect(high.text).to.include('<input type="hidden" name="voltar" value="/api/docs">');
    const text = visibleText((await request(t.app).get('/acessibilidade').expect(200)).text);
    expect(text).to.include('inclusive a referência completa da API (Swagger UI)').and.not.include('não tem o modo de alto contraste');
  });
});
