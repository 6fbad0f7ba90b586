import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'chai';
import { PASSWORD } from './fixtures.ts';

export type Agent = ReturnType<typeof request.agent>;

/** The CSRF token of a rendered form. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token in page');
  return match[1];
}

/** GETs a page and returns its CSRF token, for the form that follows. */
export async function csrfFrom(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path).expect(200);
  return csrfOf(res.text);
}

export async function signIn(app: Express, email: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const _csrf = await csrfFrom(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf, email, password });
  expect(res.status, res.text).to.equal(303);
  return agent;
}

/** Text of a page without tags, for assertions on what a person reads. */
export function visibleText(html: string): string {
  const entities: Record<string, string> = { '&#34;': '"', '&quot;': '"', '&#39;': "'", '&amp;': '&', '&lt;': '<', '&gt;': '>' };
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;|&#39;|&amp;|&lt;|&gt;/g, (e) => entities[e] ?? e)
    .replace(/\s+/g, ' ');
}

/** The text of a `<pre id=…>` block as a person copies it: the examples the portal shows, to run them as written. */
export function preBlock(html: string, id: string): string {
  const match = new RegExp(`<pre[^>]* id="${id}">([\\s\\S]*?)</pre>`).exec(html);
  if (match?.[1] === undefined) throw new Error(`no <pre id="${id}"> in page`);
  return match[1]
    .replace(/&#39;/g, "'")
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** One page of a list as a person reads it: its rows (as `rowsOf` finds them), its "Página N de M", its links. */
export interface ListPage<R> {
  url: string;
  rows: R[];
  label: string | undefined;
  prev: string | undefined;
  next: string | undefined;
  /** Where "« Primeira página" leads. */
  first: string | undefined;
}

/** The rows a list page shows, by their `data-<kind>-id` attribute (`data-ug-id`, `data-client-id`…), in its order. */
export const dataIds = (kind: string) => (html: string) =>
  [...html.matchAll(new RegExp(`<tr data-${kind}-id="([^"]+)"`, 'g'))].map((m) => String(m[1]));

const decoded = (href: string | undefined) => href?.replace(/&amp;/g, '&');

/**
 * Walks a portal list by its page links: from `url` with "Próxima ›" to the last page, then back with "‹ Anterior"
 * to the first (at most 20 pages each way). `backward` starts with the last page; `primeira` is where the last
 * page's "« Primeira página" leads.
 */
export async function walkPages<R>(agent: Agent, url: string, rowsOf: (html: string) => R[]) {
  const link = (html: string, rel: string) => decoded(new RegExp(`href="([^"]+)" rel="${rel}"`).exec(html)?.[1]);
  const visit = async (at: string): Promise<ListPage<R>> => {
    const html = (await agent.get(at).expect(200)).text;
    const label = /<span class="page-number">([^<]+)<\/span>/.exec(html)?.[1];
    const first = decoded(/href="([^"]+)">« Primeira página/.exec(html)?.[1]);
    return { url: at, rows: rowsOf(html), label, prev: link(html, 'prev'), next: link(html, 'next'), first };
  };
  const forward = [await visit(url)];
  for (let at = forward[0]?.next; at !== undefined && forward.length < 20; at = forward.at(-1)?.next) forward.push(await visit(at));
  const backward = forward.slice(-1);
  for (let at = backward[0]?.prev; at !== undefined && backward.length < 20; at = backward.at(-1)?.prev) backward.push(await visit(at));
  const toFirst = backward[0]?.first;
  return { forward, backward, primeira: toFirst === undefined ? undefined : await visit(toFirst) };
}

/**
 * What a walk of `pages` pages must show both ways: "Página 1 de M" … "Página M de M", each row once, in order, and
 * on every page but the first "« Primeira página", leading back to the first page.
 */
export function expectWalked<R>(
  walk: { forward: Array<ListPage<R>>; backward: Array<ListPage<R>>; primeira: ListPage<R> | undefined },
  pages: number,
  rows: R[],
) {
  const labels = Array.from({ length: pages }, (_, i) => `Página ${i + 1} de ${pages}`);
  expect(walk.forward.map((p) => p.label)).to.deep.equal(labels);
  expect(walk.backward.map((p) => p.label)).to.deep.equal([...labels].reverse());
  expect(walk.forward.flatMap((p) => p.rows)).to.deep.equal(rows);
  expect([...walk.backward].reverse().flatMap((p) => p.rows)).to.deep.equal(rows);
  expect(walk.forward[0]?.prev).to.equal(undefined);
  expect(walk.forward.at(-1)?.next).to.equal(undefined);
  const hasFirst = (list: Array<ListPage<R>>) => list.map((p) => p.first !== undefined);
  const firstShown = labels.map((_, i) => i > 0);
  expect(hasFirst(walk.forward), '« Primeira página').to.deep.equal(firstShown);
  expect(hasFirst(walk.backward), '« Primeira página').to.deep.equal([...firstShown].reverse());
  if (pages > 1) {
    expect(walk.primeira?.label).to.equal(labels[0]);
    expect(walk.primeira?.rows).to.deep.equal(walk.forward[0]?.rows);
  }
}
