// A real OpenID Connect provider for the portal's tests: panva's oidc-provider (OpenID Certified), laid out like
// a Keycloak realm so that the portal's settings are exactly the production ones with another host.
//
//   issuer            http://127.0.0.1:<port>/realms/<realm>
//   discovery         <issuer>/.well-known/openid-configuration
//   endpoints         <issuer>/protocol/openid-connect/{auth,token,userinfo,certs,logout}
//   login form        <issuer>/login-actions/authenticate/<uid>   (username + password, checked)
//
// Authorization code flow with PKCE (required, S256), RS256 ID tokens signed with a key generated at start-up,
// refresh tokens, RP-initiated logout (end-session with id_token_hint and post_logout_redirect_uri). The
// confidential client's redirect and post-logout URIs come from the environment. No consent screen: like a
// Keycloak client with consent off, the portal gets the openid/email/profile scopes at once.
//
// The tests choose the users and their claims through a small control API outside the realm, guarded by a
// bearer token: PUT /_test/users/<username> {"sub", "password", "claims": {...}, "disabled": bool},
// DELETE /_test/users. On start it prints one JSON line ({"ready": true, "port": ..., "issuer": ...}).
//
// Environment: PORT (0 = any free port), REALM, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS and
// POST_LOGOUT_REDIRECT_URIS (comma-separated), CONTROL_TOKEN.

import crypto from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const env = process.env;
const REALM = env.REALM || 'portal';
const PREFIX = `/realms/${REALM}`;
const CONTROL_TOKEN = env.CONTROL_TOKEN || crypto.randomBytes(16).toString('hex');
const splitList = (value) => (value || '').split(',').map((item) => item.trim()).filter(Boolean);

// username -> { sub, password, claims, disabled }
const users = new Map();

function findUserBySub(sub) {
  for (const user of users.values()) {
    if (user.sub === sub) return user;
  }
  return undefined;
}

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function generateSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
}

function buildProvider(issuer) {
  const clientId = env.CLIENT_ID || 'portal';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: env.CLIENT_SECRET || 'portal-test-secret',
        redirect_uris: splitList(env.REDIRECT_URIS),
        post_logout_redirect_uris: splitList(env.POST_LOGOUT_REDIRECT_URIS),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [generateSigningKey()] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username', 'given_name', 'family_name', 'name'],
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // Keycloak skips the confirmation when the RP sends id_token_hint; so does this page (the form submits
        // itself), while still going through the provider's real end-session POST.
        logoutSource: async (ctx, form) => {
          const hinted = Boolean(ctx.oidc.params.id_token_hint);
          ctx.body = page(
            'Sign out',
            `${form}<p>Do you want to sign out?</p>
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="kc-logout">Sign out</button>
${hinted ? '<script>document.getElementById("op.logoutForm").requestSubmit(document.getElementById("kc-logout"))</script>' : ''}`,
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Signed out', '<p>You are signed out.</p>');
        },
      },
    },
    routes: {
      authorization: '/protocol/openid-connect/auth',
      token: '/protocol/openid-connect/token',
      userinfo: '/protocol/openid-connect/userinfo',
      jwks: '/protocol/openid-connect/certs',
      end_session: '/protocol/openid-connect/logout',
      introspection: '/protocol/openid-connect/token/introspect',
      revocation: '/protocol/openid-connect/revoke',
    },
    interactions: {
      url: (ctx, interaction) => `${PREFIX}/login-actions/authenticate/${interaction.uid}`,
    },
    // A first-party client: grant the requested OIDC scopes and claims without a consent screen.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile offline_access');
      grant.addOIDCClaims(['preferred_username', 'given_name', 'family_name', 'name', 'email', 'email_verified']);
      await grant.save();
      return grant;
    },
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    // A disabled or deleted user is unknown, and their provider session no longer signs anyone in (a silent
    // prompt=none request then answers login_required, as Keycloak does for a disabled user).
    findAccount: async (ctx, sub) => {
      const user = findUserBySub(sub);
      if (!user || user.disabled) {
        if (ctx.oidc?.session?.accountId === sub) delete ctx.oidc.session.accountId;
        return undefined;
      }
      return { accountId: sub, claims: async () => ({ sub, ...user.claims }) };
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      RefreshToken: 1800,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p id="error">${escapeHtml(out.error)}: ${escapeHtml(out.error_description || '')}</p>`);
    },
  });
  // Plain HTTP on 127.0.0.1 only (tests); the cookies are not marked Secure.
  provider.proxy = false;
  provider.on('server_error', (ctx, error) => console.error('server_error', error));
  return provider;
}

function loginForm(uid, error = '') {
  return page(
    'Sign in to your account',
    `${error ? `<p id="input-error" role="alert">${escapeHtml(error)}</p>` : ''}
<form id="kc-form-login" method="post" action="${PREFIX}/login-actions/authenticate/${escapeHtml(uid)}">
  <label for="username">Username</label> <input id="username" name="username" autocomplete="username" autofocus>
  <label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
  <button id="kc-login" type="submit">Sign In</button>
</form>`,
  );
}

async function handleLogin(provider, req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    send(res, 400, page('Error', '<p id="error">Unknown or expired login session.</p>'));
    return;
  }
  if (req.method === 'GET') {
    send(res, 200, loginForm(uid));
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const user = users.get(form.get('username') || '');
  if (!user || user.disabled || user.password !== form.get('password')) {
    send(res, 200, loginForm(uid, 'Invalid username or password.'));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
}

async function handleControl(req, res) {
  if (req.headers.authorization !== `Bearer ${CONTROL_TOKEN}`) {
    send(res, 401, '{"error": "unauthorized"}', 'application/json');
    return;
  }
  const match = req.url.match(/^\/_test\/users(?:\/([^/?]+))?$/);
  if (match && req.method === 'DELETE' && !match[1]) {
    users.clear();
  } else if (match && req.method === 'PUT' && match[1]) {
    const body = JSON.parse((await readBody(req)) || '{}');
    const username = decodeURIComponent(match[1]);
    users.set(username, {
      sub: body.sub || crypto.randomUUID(),
      password: body.password || '',
      claims: body.claims || {},
      disabled: Boolean(body.disabled),
    });
  } else {
    send(res, 404, '{"error": "not found"}', 'application/json');
    return;
  }
  send(res, 200, '{"ok": true}', 'application/json');
}

let provider;
let callback;

const server = http.createServer(async (req, res) => {
  try {
    const path = req.url.split('?')[0];
    if (path.startsWith('/_test/')) {
      await handleControl(req, res);
      return;
    }
    const login = path.match(new RegExp(`^${PREFIX}/login-actions/authenticate/([^/]+)$`));
    if (login && (req.method === 'GET' || req.method === 'POST')) {
      await handleLogin(provider, req, res, decodeURIComponent(login[1]));
      return;
    }
    if (path === PREFIX || path.startsWith(`${PREFIX}/`)) {
      // Mount the provider under the realm path, as Keycloak serves it.
      req.originalUrl = req.url;
      req.url = req.url.slice(PREFIX.length) || '/';
      callback(req, res);
      return;
    }
    send(res, 404, page('Not found', ''));
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, page('Error', `<p id="error">${escapeHtml(error.message)}</p>`));
  }
});

server.listen(Number(env.PORT || 0), '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}${PREFIX}`;
  provider = buildProvider(issuer);
  callback = provider.callback();
  process.stdout.write(`${JSON.stringify({ ready: true, port, issuer })}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
