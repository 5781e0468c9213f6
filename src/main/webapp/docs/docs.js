// Swagger UI over Parley's OpenAPI description; a file of its own so that the page's policy allows no inline script.
window.ui = SwaggerUIBundle({ url: '/openapi', dom_id: '#swagger-ui', deepLinking: true });
