// Starts Swagger UI on /api/docs. A file, not an inline script: the Content-Security-Policy allows only 'self' scripts.

// An operation's summary is one button; Swagger UI puts the path's deep link inside it, a control within a control
// (WCAG 4.1.2) that also measures 19 px (2.5.8). The path is shown as text, and opening the operation still puts its
// address in the location bar (deepLinking).
const NoLinkInSummary = () => ({
  wrapComponents: {
    OperationSummaryPath: (Original, system) => (props) =>
      system.React.createElement(Original, { ...props, operationProps: props.operationProps.set('isDeepLinkingEnabled', false) }),
  },
});

// What Swagger UI's markup leaves unnamed, named as its own interface does (in English, the container's language); the
// document's own texts marked as Portuguese; code blocks that scroll reachable by keyboard; what is outside its <main>
// in regions; headings in sequence under its title (h1): tags, Schemas and the Authorize dialog at level 2.
const region = (name) => (el) => {
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', name);
};
const level = (n) => (el) => el.setAttribute('aria-level', String(n));
const fixUps = [
  ['.information-container', region('About the API')],
  ['.scheme-container', region('Servers and authorization')],
  ['h3.opblock-tag, .models > h4, .modal-ux-header > h3', level(2)],
  ['.auth-container h4, .opblock-section-header h4, h4.opblock-title', level(3)],
  ['select#servers', (el) => el.setAttribute('aria-label', 'Servers')],
  ['select.examples-select-element', (el) => el.setAttribute('aria-label', 'Examples')],
  ['button.close-modal', (el) => el.setAttribute('aria-label', 'Close dialog')],
  [
    'button[aria-label="Apply given OAuth2 credentials"]',
    (el) => el.setAttribute('aria-label', 'Authorize: apply given OAuth2 credentials'),
  ],
  ['.highlight-code > .microlight', (el) => el.setAttribute('tabindex', '0')],
  ['.info .title, .markdown, .renderedMarkdown, .opblock-summary-description', (el) => el.setAttribute('lang', 'pt-BR')],
];

function fixUp(root) {
  for (const [selector, fix] of fixUps) root.querySelectorAll(selector).forEach(fix);
}

window.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('swagger-ui');
  new MutationObserver(() => fixUp(root)).observe(root, { childList: true, subtree: true });
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    // The public validator badge would send the document to a third party.
    validatorUrl: null,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    persistAuthorization: false,
    // Dark text on white: the default theme's colours on #333 fall to 3.45:1.
    syntaxHighlight: { activated: true, theme: 'idea' },
    plugins: [NoLinkInSummary],
  });
});
