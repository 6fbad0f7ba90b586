import path from 'node:path';
import { expect } from 'chai';
import ejs from 'ejs';
import { refusalLabel, usageChart } from '../../app/portal/usage-chart.ts';
import type { KeyUsage, UsageDay } from '../../app/usage/usage.service.ts';
import { addDays } from '../../app/time-zone.ts';

const partial = path.resolve(import.meta.dirname, '../../views/partials/usage-chart.ejs');

/** 30 days up to 2026-12-02, zeros but for the days given. */
function usageOf(days: Record<string, Partial<UsageDay>>): KeyUsage {
  const list = Array.from({ length: 30 }, (_, i) => {
    const dia = addDays('2026-12-02', i - 29);
    return { dia, tokens: 0, chamadas: 0, recusas: [], totalRecusas: 0, ...days[dia] };
  });
  const sum = (pick: (d: UsageDay) => number) => list.reduce((n, d) => n + pick(d), 0);
  return { days: list, totals: { tokens: sum((d) => d.tokens), chamadas: sum((d) => d.chamadas), recusas: sum((d) => d.totalRecusas) } };
}

describe("usage chart: the view model of a key's last 30 days", () => {
  const usage = usageOf({
    '2026-11-03': { tokens: 2, chamadas: 10 },
    '2026-12-01': {
      tokens: 40,
      chamadas: 1000,
      recusas: [
        { medida: 'token', motivo: 'invalid_client', total: 3 },
        { medida: 'api', motivo: '403', total: 1 },
      ],
      totalRecusas: 4,
    },
  });
  const chart = usageChart(usage);

  it('scales to the largest day, with round pt-BR ticks', () => {
    expect(chart.yTicks.map((t) => t.label)).to.deep.equal(['0', '250', '500', '750', '1.000']);
    expect(chart.yTicks[0]?.at).to.equal(chart.plot.bottom);
    expect(chart.yTicks[4]?.at).to.equal(chart.plot.top);
  });

  it('draws a bar per series and non-empty day, its height in proportion', () => {
    expect(chart.bars.map((b) => b.className)).to.deep.equal(['uso-tokens', 'uso-chamadas', 'uso-tokens', 'uso-chamadas', 'uso-recusas']);
    const plotHeight = chart.plot.bottom - chart.plot.top;
    const calls = chart.bars.filter((b) => b.className === 'uso-chamadas').map((b) => b.height);
    expect(calls).to.deep.equal([plotHeight / 100, plotHeight]);
    // Every bar within the plot.
    for (const b of chart.bars) {
      expect(b.x).to.be.within(chart.plot.left, chart.plot.right - b.width);
      expect(b.y + b.height).to.be.closeTo(chart.plot.bottom, 0.01);
    }
  });

  it('labels every fifth day back from today, DD/MM', () => {
    expect(chart.xTicks.map((t) => t.label)).to.deep.equal(['07/11', '12/11', '17/11', '22/11', '27/11', '02/12']);
  });

  it('gives the period and totals as the accessible summary, and one table row per day with refusals by reason', () => {
    expect(chart.summary).to.equal(
      'De 03/11/2026 a 02/12/2026: 42 tokens emitidos, 1.010 chamadas à API e 4 recusas. Os números de cada dia estão na tabela abaixo do gráfico.',
    );
    expect(chart.rows).to.have.length(30);
    expect(chart.rows[0]).to.deep.equal({ dia: '03/11/2026', tokens: '2', chamadas: '10', recusas: '—' });
    expect(chart.rows[28]).to.deep.equal({
      dia: '01/12/2026',
      tokens: '40',
      chamadas: '1.000',
      recusas: 'Token: credenciais inválidas: 3; API: sem permissão (403): 1',
    });
    expect(chart.totals).to.deep.equal({ tokens: '42', chamadas: '1.010', recusas: '4' });
  });

  it('names reasons it has no words for by their code', () => {
    expect(refusalLabel({ medida: 'token', motivo: 'invalid_target' })).to.equal('Token: invalid_target');
    expect(refusalLabel({ medida: 'api', motivo: '418' })).to.equal('API: erro (418)');
  });

  it('an unused key: zeros, a scale from 0 to 4, no bars', () => {
    const empty = usageChart(usageOf({}));
    expect(empty.bars).to.deep.equal([]);
    expect(empty.yTicks.map((t) => t.label)).to.deep.equal(['0', '1', '2', '3', '4']);
    expect(empty.rows.every((r) => r.tokens === '0' && r.chamadas === '0' && r.recusas === '—')).to.equal(true);
  });

  it('renders an SVG image with its name and summary, a viewBox to scale, and the table alternative', async () => {
    const html = await ejs.renderFile(partial, { chart });
    expect(html).to.match(/<svg viewBox="0 0 480 240" role="img" aria-labelledby="uso-grafico-nome" aria-describedby="uso-grafico-resumo"/);
    expect(html).to.include(`<desc id="uso-grafico-resumo">${chart.summary}</desc>`);
    // No colour written into the SVG: classes only (portal.css, alto-contraste.css).
    expect(html).not.to.match(/fill="|stroke="|style="/);
    expect(html).to.include('<caption>Uso por dia nos últimos 30 dias, do mais antigo ao mais recente</caption>');
    expect(html).to.include(
      '<th scope="col">Dia</th><th scope="col">Tokens emitidos</th><th scope="col">Chamadas à API</th><th scope="col">Recusas (por motivo)</th>',
    );
    expect(html.match(/<tr><th scope="row">\d\d\/\d\d\/\d{4}<\/th>/g)).to.have.length(30);
    expect(html).to.include(
      '<tr><th scope="row">01/12/2026</th><td data-label="Tokens emitidos">40</td><td data-label="Chamadas à API">1.000</td>' +
        '<td data-label="Recusas">Token: credenciais inválidas: 3; API: sem permissão (403): 1</td></tr>',
    );
  });
});
