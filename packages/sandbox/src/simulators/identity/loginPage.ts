import { WorldUser } from '../../world/World';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

export interface LoginPageOptions {
  action: string;
  clientName: string;
  users: WorldUser[];
  login?: string;
  error?: string;
}

/** The identity provider's sign-in form, with the sample users listed as a hint. */
export function renderLoginPage(options: LoginPageOptions): string {
  const rows = options.users
    .map(
      u =>
        `<tr><td><code>${escape(u.name)}</code></td><td>${escape(
          u.displayName,
        )}</td><td>${escape(
          u.groups.map(g => g.replace(/^group:default\//, '')).join(', '),
        )}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ACME SSO - Sign in</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:48px 16px;padding:32px;border-radius:8px;box-shadow:0 1px 4px #0002;max-width:560px;width:100%}
label{display:block;margin:12px 0 4px;font-weight:600}
input{width:100%;padding:8px;font-size:16px;box-sizing:border-box}
button{margin-top:16px;padding:10px 20px;font-size:16px;background:#1f5493;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#b00020;font-weight:600}
table{border-collapse:collapse;margin-top:8px;font-size:14px}td{padding:2px 12px 2px 0}
details{margin-top:24px;color:#444}
</style></head>
<body><main>
<h1>ACME SSO</h1>
<p>Sign in to continue to <strong>${escape(options.clientName)}</strong>.</p>
${
  options.error
    ? `<p class="error" role="alert">${escape(options.error)}</p>`
    : ''
}
<form method="post" action="${escape(options.action)}">
<label for="login">Username or e-mail</label>
<input id="login" name="login" autocomplete="username" required autofocus value="${escape(
    options.login ?? '',
  )}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<details><summary>Sandbox users (password: the sandbox password, <code>sandbox</code> by default)</summary>
<table>${rows}</table></details>
</main></body></html>`;
}
