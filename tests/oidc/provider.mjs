// A real OpenID Connect provider for the integration tests: the certified `oidc-provider`, on
// loopback, standing in for a MitID broker and for a municipality's employee single sign-on.
//
//   node provider.mjs CONFIG.json
//
// CONFIG: { "port": 4000, "clients": [{ client_id, client_secret, redirect_uris }],
//           "accounts": { "<subject>": { "claims": {…}, "acr": "…", "token": "…" } } }
//
// Its login page is a form where the test picks the account to be (`account`). An account's
// `token` makes the provider misbehave on purpose, so that the relying party's checks are tried
// against a real response: "tampered" changes the ID token's claims after signing, "expired"
// signs one that expired an hour ago, "other_audience" one meant for another client, and
// "other_nonce" one for another login.

import Provider from 'oidc-provider';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';
import { readFileSync } from 'node:fs';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
// Accounts are read again at every use, so a test can change a person's groups between logins.
const accounts = () => JSON.parse(readFileSync(process.argv[2], 'utf8')).accounts;

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    ...c,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [signingKey] },
  findAccount: async (_ctx, sub) => {
    const account = accounts()[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  claims: {
    acr: null,
    auth_time: null,
    sid: null,
    openid: ['sub'],
    profile: ['name', 'birthdate'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  scopes: ['openid', 'profile', 'email', 'groups'],
  acrValues: ['urn:mitid:low', 'urn:mitid:substantial', 'urn:mitid:high'],
  // The ID token carries the claims the scopes grant, as brokers and Entra ID send them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['medspil-test-provider'] },
});

// The login page: which account to be.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (!match) return next();
  if (ctx.method === 'GET') {
    await provider.interactionDetails(ctx.req, ctx.res);
    ctx.type = 'html';
    ctx.body = `<!doctype html><html lang="da"><title>Log ind</title>
      <form method="post" action="/interaction/${match[1]}">
      <label>Bruger <input name="account"></label><button>Log ind</button></form></html>`;
    return;
  }
  const form = new URLSearchParams(await new Promise((resolve) => {
    let body = '';
    ctx.req.on('data', (chunk) => { body += chunk; });
    ctx.req.on('end', () => resolve(body));
  }));
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const sub = form.get('account');
  const account = accounts()[sub];
  if (!account) {
    ctx.status = 400;
    ctx.body = 'unknown account';
    return;
  }
  const grant = new provider.Grant({ accountId: sub, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const result = { login: { accountId: sub, acr: account.acr }, consent: { grantId } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.respond = false;
});

// Tokens signed properly, but wrong in one claim.
const resigned = {
  expired: (now) => ({ iat: now - 7200, exp: now - 3600 }),
  other_audience: () => ({ aud: 'another-client' }),
  other_nonce: () => ({ nonce: 'not-the-one-sent' }),
};

// Misbehaviour on purpose, for the accounts that ask for it.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !ctx.body || !ctx.body.id_token) return;
  const token = ctx.body.id_token;
  const claims = decodeJwt(token);
  const how = accounts()[claims.sub]?.token;
  if (how === 'tampered') {
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    ctx.body = { ...ctx.body, id_token: `${header}.${forged}.${signature}` };
  } else if (how in resigned) {
    const changed = { ...claims, ...resigned[how](Math.floor(Date.now() / 1000)) };
    const key = await importJWK(signingKey, 'RS256');
    const token = await new SignJWT(changed)
      .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'JWT' })
      .sign(key);
    ctx.body = { ...ctx.body, id_token: token };
  }
});

provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening on ${issuer}`);
});
