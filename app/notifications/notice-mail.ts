import type { PendingMail } from './aviso.ts';
import { avisoText } from './aviso-text.ts';
import type { Mail } from './mailer.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A notice's e-mail in pt-BR, plain text and simple HTML, with the link to the key's page; never a secret. */
export function noticeMail(aviso: PendingMail, publicUrl: string): Mail {
  const { title, lines, path } = avisoText(aviso);
  const link = `${publicUrl}${path}`;
  const greeting = `Olá, ${aviso.nome}.`;
  const footer = 'Você recebe este aviso por ser gestor da unidade gestora no CidadES. Ele também está em Avisos, no portal.';
  return {
    to: aviso.email,
    subject: `[CidadES] ${title}`,
    text: [greeting, '', ...lines, '', `Ver a integração: ${link}`, '', footer, ''].join('\n'),
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      ...lines.map((line) => `<p>${escapeHtml(line)}</p>`),
      `<p><a href="${escapeHtml(link)}">Ver a integração</a></p>`,
      `<p><small>${escapeHtml(footer)}</small></p>`,
    ].join('\n'),
  };
}
