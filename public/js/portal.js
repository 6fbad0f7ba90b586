// The portal's only script; every page works without it.

// A form's error summary takes the focus, so a keyboard or screen-reader user starts from the list of what to fix.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
});

// Copy buttons: the button says "Copiado!" for a moment, and a live region announces what was copied (WCAG 4.1.3).
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  const text = 'value' in source && source.tagName !== 'PRE' ? source.value : source.textContent;
  const status = button.closest('.credentials')?.querySelector('[data-copy-status]');
  const done = () => {
    const label = button.dataset.label ?? button.textContent;
    button.dataset.label = label;
    button.textContent = 'Copiado!';
    if (status) status.textContent = `Copiado: ${label.replace(/^Copiar /, '')}.`;
    setTimeout(() => {
      button.textContent = label;
    }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, () => source.select && source.select());
  } else if (source.select) {
    source.select();
    document.execCommand('copy');
    done();
  }
});

// High contrast at once, without leaving the page (a one-time result would be gone after a reload): the same cookie the
// server's toggle sets, a year, for every page of the portal.
document.addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-contrast-toggle]');
  if (!form) return;
  event.preventDefault();
  const on = document.documentElement.classList.toggle('alto-contraste');
  document.cookie = `cidades.contraste=${on ? 'alto' : 'normal'}; path=/; max-age=31536000; samesite=lax`;
  form.querySelector('button').setAttribute('aria-pressed', String(on));
});

// A form sent is not sent again by a second click while its answer is on the way (a double click on Salvar or Renovar):
// the server copes with a second sending, but the first one's page is the one to see. After a few seconds, or back on
// the page, the form can be sent again.
const SENDING_MS = 5000;
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method !== 'post') return;
  if (Date.now() - Number(form.dataset.sentAt ?? 0) < SENDING_MS) {
    event.preventDefault();
    return;
  }
  form.dataset.sentAt = String(Date.now());
});
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sent-at]')) delete form.dataset.sentAt;
});
