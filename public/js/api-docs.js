// Starts Swagger UI on /api/docs. A file, not an inline script: the Content-Security-Policy allows only 'self' scripts.
window.addEventListener('DOMContentLoaded', () => {
  const root = document.getElementById('swagger-ui');
  window.ui = window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    // The public validator badge would send the document to a third party.
    validatorUrl: null,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    persistAuthorization: false,
  });
});
