// A real OpenID Connect provider for the Open Nijmegen tests (never for production).
//
//   PORT=9000 CLIENT_ID=open-nijmegen CLIENT_SECRET=... \
//   REDIRECT_URIS=http://127.0.0.1:5000/account/inloggen/test/terug \
//   POST_LOGOUT_REDIRECT_URIS=http://127.0.0.1:5000/ node provider.mjs
//
// devInteractions serves a login form that takes any login name, then a consent form.
// Accounts are made up from the login name: a name starting with "medewerker" carries the
// group "participatie" (staff single sign-on); every account carries a made-up BSN claim so
// the tests can prove the site drops it. A name "wijk-<Wijk>-..." carries the claim wijk
// (scope "wijk"), e.g. "wijk-Lindenholt-1" lives in Lindenholt. A name "postcode-<code>-..."
// carries the standard claim address (scope "address") with that postal_code, e.g.
// "postcode-6543AB-1" (written without the space; the claim has "6543 AB").
import Provider from 'oidc-provider';

const env = (name, fallback) => process.env[name] ?? fallback;
const list = (value) => value.split(',').map((v) => v.trim()).filter(Boolean);

const port = Number(env('PORT', '9000'));
const issuer = `http://127.0.0.1:${port}`;

const configuration = {
  clients: [
    {
      client_id: env('CLIENT_ID', 'open-nijmegen'),
      client_secret: env('CLIENT_SECRET', 'test-geheim'),
      redirect_uris: list(env('REDIRECT_URIS', '')),
      post_logout_redirect_uris: list(env('POST_LOGOUT_REDIRECT_URIS', '')),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'groups', 'wijk', 'address'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups', 'bsn'],
    wijk: ['wijk'],
    address: ['address'],
  },
  cookies: { keys: ['open-nijmegen-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        const claims = {
          sub: id,
          name: `Test ${id}`,
          email: `${id}@provider.example`,
          email_verified: true,
          bsn: '999990019',
          groups: id.startsWith('medewerker') ? ['participatie'] : [],
        };
        if (id.startsWith('wijk-')) {
          claims.wijk = id.split('-')[1];
        }
        if (id.startsWith('postcode-')) {
          const code = id.split('-')[1];
          const postalCode = code.length === 6 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
          claims.address = {
            street_address: 'Voorbeeldstraat 1',
            locality: 'Nijmegen',
            postal_code: postalCode,
            country: 'NL',
          };
        }
        return claims;
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.on('server_error', (ctx, error) => console.error('server_error', error));
const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
