//! OpenID Connect, as a relying party: the authorization code flow with PKCE, `state` and
//! `nonce`, the provider found from its issuer URL (discovery), and the ID token's signature
//! and claims checked against the provider's published keys. What a login means to Medspil
//! (which account, which roles) is the accounts feature's business; this only says who the
//! provider vouches for.

pub mod settings;

pub use settings::{Audience, GroupRole, ProviderConfig, Setting};

use crate::platform::auth::random_token;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The claims of a checked ID token.
pub type Claims = serde_json::Map<String, serde_json::Value>;

#[derive(Debug)]
pub enum OidcError {
    /// The provider could not be reached, or answered something that is not OpenID Connect.
    Unreachable(String),
    /// The provider would not exchange the code (used already, expired, not its own).
    CodeRefused(String),
    /// The ID token failed a check: the login is refused.
    BadToken(&'static str),
}

impl std::fmt::Display for OidcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OidcError::Unreachable(why) => write!(f, "provider unreachable: {why}"),
            OidcError::CodeRefused(why) => write!(f, "code refused: {why}"),
            OidcError::BadToken(why) => write!(f, "ID token refused: {why}"),
        }
    }
}

/// The secrets of one login: `state` ties the answer to the browser that asked, `nonce` the
/// ID token to this login, and the PKCE verifier the code to whoever holds it.
#[derive(Clone, Debug)]
pub struct Secrets {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

impl Secrets {
    pub fn new() -> Secrets {
        Secrets {
            state: random_token(),
            nonce: random_token(),
            verifier: random_token(),
        }
    }

    fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }
}

impl Default for Secrets {
    fn default() -> Self {
        Secrets::new()
    }
}

#[derive(serde::Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

struct Discovered {
    meta: Metadata,
    keys: JwkSet,
    at: Instant,
}

/// How long what a provider publishes is trusted before it is read again.
const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// A token signed by a key not yet seen makes the keys be read again, at most this often.
const KEYS_REFRESH: Duration = Duration::from_secs(60);

/// The configured providers, and what each has published.
pub struct Providers {
    http: reqwest::Client,
    list: Vec<ProviderConfig>,
    discovered: Mutex<HashMap<String, Arc<Discovered>>>,
}

/// The process's TLS uses ring, the provider Medspil's mail already uses, rather than
/// compiling a second one.
fn use_ring_for_tls() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Providers {
    pub fn new(list: Vec<ProviderConfig>) -> Providers {
        use_ring_for_tls();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client with the process's TLS");
        Providers {
            http,
            list,
            discovered: Mutex::default(),
        }
    }

    pub fn all(&self) -> &[ProviderConfig] {
        &self.list
    }

    pub fn get(&self, name: &str) -> Option<&ProviderConfig> {
        self.list.iter().find(|p| p.name == name)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, OidcError> {
        let unreachable = |e: reqwest::Error| OidcError::Unreachable(format!("{url}: {e}"));
        self.http
            .get(url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(unreachable)?
            .json()
            .await
            .map_err(unreachable)
    }

    /// What the provider publishes, read again once it is old or when `new_keys` asks for
    /// keys not seen yet.
    async fn discovered(
        &self,
        p: &ProviderConfig,
        new_keys: bool,
    ) -> Result<Arc<Discovered>, OidcError> {
        let known = self
            .discovered
            .lock()
            .expect("not poisoned")
            .get(&p.name)
            .cloned();
        if let Some(d) = known {
            let age = d.at.elapsed();
            if age < DISCOVERY_TTL && !(new_keys && age > KEYS_REFRESH) {
                return Ok(d);
            }
        }
        let url = format!("{}/.well-known/openid-configuration", p.issuer);
        let meta: Metadata = self.get_json(&url).await?;
        if meta.issuer.trim_end_matches('/') != p.issuer {
            return Err(OidcError::Unreachable(format!(
                "{url} names another issuer, {}",
                meta.issuer
            )));
        }
        let keys: JwkSet = self.get_json(&meta.jwks_uri).await?;
        let d = Arc::new(Discovered {
            meta,
            keys,
            at: Instant::now(),
        });
        self.discovered
            .lock()
            .expect("not poisoned")
            .insert(p.name.clone(), d.clone());
        Ok(d)
    }

    /// Where to send the browser to log in.
    pub async fn authorization_url(
        &self,
        p: &ProviderConfig,
        redirect_uri: &str,
        secrets: &Secrets,
    ) -> Result<String, OidcError> {
        let d = self.discovered(p, false).await?;
        let challenge = secrets.challenge();
        let mut params = vec![
            ("response_type", "code"),
            ("client_id", &p.client_id),
            ("redirect_uri", redirect_uri),
            ("scope", &p.scopes),
            ("state", &secrets.state),
            ("nonce", &secrets.nonce),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ];
        if let Some(acr) = &p.acr_values {
            params.push(("acr_values", acr));
        }
        let query = serde_urlencoded::to_string(params).expect("strings encode");
        let endpoint = &d.meta.authorization_endpoint;
        let joiner = if endpoint.contains('?') { '&' } else { '?' };
        Ok(format!("{endpoint}{joiner}{query}"))
    }

    /// Exchanges the code the provider sent back for an ID token, and checks the token.
    pub async fn redeem(
        &self,
        p: &ProviderConfig,
        code: &str,
        redirect_uri: &str,
        secrets: &Secrets,
    ) -> Result<Claims, OidcError> {
        let d = self.discovered(p, false).await?;
        let answer = self
            .http
            .post(&d.meta.token_endpoint)
            // RFC 6749 §2.3.1: the client's id and secret are form-encoded inside Basic.
            .basic_auth(
                form_encoded(&p.client_id),
                Some(form_encoded(&p.client_secret)),
            )
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("code_verifier", &secrets.verifier),
            ])
            .send()
            .await
            .map_err(|e| OidcError::Unreachable(e.to_string()))?;
        if !answer.status().is_success() {
            let body = answer.text().await.unwrap_or_default();
            return Err(OidcError::CodeRefused(body.chars().take(300).collect()));
        }
        #[derive(serde::Deserialize)]
        struct Tokens {
            id_token: String,
        }
        let tokens: Tokens = answer
            .json()
            .await
            .map_err(|e| OidcError::Unreachable(format!("token answer: {e}")))?;
        let header = jsonwebtoken::decode_header(&tokens.id_token)
            .map_err(|_| OidcError::BadToken("not a signed token"))?;
        let mut d = d;
        if key_for(&d.keys, header.kid.as_deref()).is_none() {
            d = self.discovered(p, true).await?;
        }
        check_id_token(&tokens.id_token, &d.keys, &d.meta.issuer, p, &secrets.nonce)
    }
}

fn form_encoded(s: &str) -> String {
    serde_urlencoded::to_string([("", s)]).expect("strings encode")[1..].to_string()
}

fn key_for<'a>(keys: &'a JwkSet, kid: Option<&str>) -> Option<&'a jsonwebtoken::jwk::Jwk> {
    match kid {
        Some(kid) => keys.find(kid),
        None if keys.keys.len() == 1 => keys.keys.first(),
        None => None,
    }
}

/// The checks of OpenID Connect Core 3.1.3.7: signed with one of the provider's keys by an
/// asymmetric algorithm, issued by it, for this client, not expired, and for this login.
fn check_id_token(
    token: &str,
    keys: &JwkSet,
    issuer: &str,
    p: &ProviderConfig,
    nonce: &str,
) -> Result<Claims, OidcError> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|_| OidcError::BadToken("not a signed token"))?;
    if !matches!(
        header.alg,
        Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
            | Algorithm::ES256
            | Algorithm::ES384
            | Algorithm::EdDSA
    ) {
        return Err(OidcError::BadToken("signature algorithm not accepted"));
    }
    let jwk = key_for(keys, header.kid.as_deref())
        .ok_or(OidcError::BadToken("signed with an unknown key"))?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| OidcError::BadToken("unusable key"))?;
    let mut validation = Validation::new(header.alg);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[&p.client_id]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = 60;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            OidcError::BadToken(match e.kind() {
                ErrorKind::InvalidSignature => "signature does not verify",
                ErrorKind::ExpiredSignature => "expired",
                ErrorKind::InvalidAudience => "meant for another client",
                ErrorKind::InvalidIssuer => "issued by another provider",
                ErrorKind::ImmatureSignature => "not valid yet",
                _ => "malformed",
            })
        })?
        .claims;
    let multiple_audiences = claims.get("aud").is_some_and(|a| a.is_array());
    let azp = claims.get("azp").and_then(|v| v.as_str());
    if (multiple_audiences || azp.is_some()) && azp != Some(p.client_id.as_str()) {
        return Err(OidcError::BadToken("authorised for another client"));
    }
    let nonce_given = claims.get("nonce").and_then(|v| v.as_str()).unwrap_or("");
    if !crate::platform::auth::same_secret(nonce_given, nonce) {
        return Err(OidcError::BadToken("not for this login (nonce)"));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    #[test]
    fn client_credentials_are_form_encoded_for_basic() {
        assert_eq!(super::form_encoded("medspil"), "medspil");
        assert_eq!(super::form_encoded("a b:c/é"), "a+b%3Ac%2F%C3%A9");
    }
}
