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
