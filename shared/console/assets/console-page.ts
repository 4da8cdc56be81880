/**
 * The console's page: one HTML document, its styles and its script served by our own function
 * (no CDN, no framework). `config` is what the script needs to know of the deployment: whether it
 * signs in (Cognito's hosted sign-in with PKCE) and where.
 */
export interface ConsolePageConfig {
  /** Absent locally (127.0.0.1: no sign-in). */
  signIn?: { domain: string; clientId: string };
  /** Seconds between refreshes of the page's data. */
  refreshSeconds: number;
}

const escapeJsonForHtml = (value: unknown) => JSON.stringify(value).replaceAll('<', '\\u003c');

export function consolePage(config: ConsolePageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Integration health · merge-sync</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<header class="top">
  <a href="#/" class="brand">Integration health</a>
  <span id="refreshed" class="muted" aria-live="polite"></span>
</header>
<main id="app" tabindex="-1"><p class="muted">Loading…</p></main>
<dialog id="confirm-remove" aria-labelledby="confirm-title">
  <form method="dialog" id="confirm-form">
    <h2 id="confirm-title">Remove this account?</h2>
    <p>Its synced records are purged and it is no longer synced here.</p>
    <p>Merge keeps the linked account (still syncing and billing it): delete it in Merge’s dashboard, or
    remove it with <code>merge-sync accounts remove ACCOUNT --in-merge</code> instead.</p>
    <p>Type the account id to confirm:</p>
    <p><code id="confirm-id"></code></p>
    <label for="confirm-input">Account id</label>
    <input id="confirm-input" autocomplete="off" spellcheck="false">
    <p id="confirm-error" class="error" role="alert"></p>
    <div class="row">
      <button value="cancel" formnovalidate>Cancel</button>
      <button id="confirm-ok" value="ok" class="danger">Remove</button>
    </div>
  </form>
</dialog>
<script>window.CONSOLE_CONFIG = ${escapeJsonForHtml(config)};</script>
<script src="/console/console.js"></script>
</body>
</html>
`;
}
