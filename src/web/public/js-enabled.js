// GOV.UK Frontend styles JavaScript-enhanced components only when these classes are present.
// A static file rather than the template's inline script: the CSP allows scripts from this server only.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
