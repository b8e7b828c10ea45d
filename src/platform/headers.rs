//! The headers every response carries: the content security policy (this server only, except
//! the configured map tiles), the other security headers, and no caching of what answers
//! someone logged in.

use crate::platform::auth;
use crate::platform::config::Config;
use crate::platform::web::{AppState, cookie};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The content security policy: everything from this server only, except map tiles from the
/// configured tile server.
pub fn content_security_policy(config: &Config) -> HeaderValue {
    let tiles = config
        .map_tiles
        .as_deref()
        .and_then(tile_origin)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "default-src 'self'; img-src 'self' data:{tiles}; style-src 'self'; script-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The origin of a tile URL template as a CSP source: a `{s}.` subdomain placeholder becomes
/// `*.`; anything else unusual gives none (and no tiles load).
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split('/').next()?;
    let host = match host.strip_prefix('{').and_then(|h| h.split_once("}.")) {
        Some((_, domain)) => format!("*.{domain}"),
        None => host.to_string(),
    };
    let plain = host
        .trim_start_matches("*.")
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    (plain && !host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// Middleware: security headers on every response. What answers someone logged in (by session
/// or token) is theirs alone: no cache keeps it, unless it says it is public (a stylesheet).
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let personal = request.headers().contains_key(header::AUTHORIZATION)
        || cookie(
            request.headers(),
            auth::session_cookie_name(state.config.secure_cookies()),
        )
        .is_some_and(|token| !token.is_empty());
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let public = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("public"));
    if personal && !public {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    h.insert(header::CONTENT_SECURITY_POLICY, state.csp.clone());
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.config.secure_cookies() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_tiles_are_the_only_other_image_source() {
        assert_eq!(
            tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(
            tile_origin("https://{s}.tiles.example.dk:8443/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tiles.example.dk:8443")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
        assert_eq!(tile_origin("https://evil.example; script-src *"), None);
        let mut config = Config::new("127.0.0.1:0".parse().unwrap(), "sqlite://x.db");
        config.map_tiles = Some("https://tile.openstreetmap.org/{z}/{x}/{y}.png".into());
        let csp = content_security_policy(&config);
        assert!(
            csp.to_str()
                .unwrap()
                .contains("img-src 'self' data: https://tile.openstreetmap.org;")
        );
    }
}
