//! A micro-cache of public pages: for a short time (a second by default) a node answers
//! repeated anonymous requests for the same public page or API list from memory instead of
//! building it again. Logged-in people and API clients with a token always get fresh pages, so
//! everyone sees their own changes at once; anonymous visitors may see a page up to the cache's
//! age. Each node caches for itself; nothing another node needs is kept here.

use crate::platform::auth::session_cookie_name;
use crate::platform::i18n::Lang;
use crate::platform::web::{AppState, cookie};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// At most this many pages are kept; beyond it, new pages are simply not cached until old ones
/// expire.
const MAX_ENTRIES: usize = 2_000;
const MAX_BODY: usize = 16 * 1024 * 1024;

pub struct PageCache {
    ttl: Duration,
    entries: Mutex<HashMap<String, Entry>>,
    /// Pages being built right now: whoever asks for one meanwhile waits for it instead of
    /// building it again, so an expired popular page is rebuilt once, not once per request.
    building: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

struct Entry {
    stored: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    pub fn new(ttl: Duration) -> PageCache {
        PageCache {
            ttl,
            entries: Mutex::new(HashMap::new()),
            building: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, key: &str) -> Option<Response> {
        let entries = self.entries.lock().ok()?;
        let e = entries.get(key).filter(|e| e.stored.elapsed() < self.ttl)?;
        let mut response = Response::new(Body::from(e.body.clone()));
        *response.status_mut() = e.status;
        *response.headers_mut() = e.headers.clone();
        Some(response)
    }

    fn put(&self, key: String, status: StatusCode, headers: HeaderMap, body: Bytes) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= MAX_ENTRIES {
            let ttl = self.ttl;
            entries.retain(|_, e| e.stored.elapsed() < ttl);
            if entries.len() >= MAX_ENTRIES {
                return;
            }
        }
        entries.insert(
            key,
            Entry {
                stored: Instant::now(),
                status,
                headers,
                body,
            },
        );
    }

    fn gate(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        let mut building = self.building.lock().ok()?;
        Some(building.entry(key.to_string()).or_default().clone())
    }

    fn built(&self, key: &str) {
        if let Ok(mut building) = self.building.lock() {
            building.remove(key);
        }
    }
}

/// The pages and API lists that look the same to every anonymous visitor, named by the
/// application: a path ending in `/` covers itself and the paths under it (`/initiatives/`:
/// `/initiatives` and `/initiatives/3`); `/` is the front page alone.
#[derive(Clone, Copy)]
pub struct PublicPages(pub &'static [&'static str]);

impl PublicPages {
    fn contain(self, path: &str) -> bool {
        let listed = self.0.iter().any(|&p| match p.strip_suffix('/') {
            Some(root) if !root.is_empty() => path == root || path.starts_with(p),
            _ => path == p,
        });
        let personal =
            path.ends_with("/new") || path.ends_with("/edit") || path.ends_with("/remove");
        listed && !personal
    }
}

pub async fn middleware(
    State((state, public)): State<(AppState, PublicPages)>,
    request: Request,
    next: Next,
) -> Response {
    let Some(cache) = state.page_cache.as_deref() else {
        return next.run(request).await;
    };
    let secure = state.config.secure_cookies();
    let anonymous = cookie(request.headers(), session_cookie_name(secure))
        .is_none_or(str::is_empty)
        && !request.headers().contains_key(header::AUTHORIZATION);
    if request.method() != Method::GET || !anonymous || !public.contain(request.uri().path()) {
        return next.run(request).await;
    }
    let key = format!("{} {}", Lang::of_request(&request).code(), request.uri());
    if let Some(hit) = cache.get(&key) {
        return hit;
    }
    // The first to miss builds the page; the others wait for it, then take it from the cache
    // (or, if it could not be cached, build their own).
    let Some(gate) = cache.gate(&key) else {
        return next.run(request).await;
    };
    let Ok(building) = gate.clone().try_lock_owned() else {
        drop(gate.lock().await);
        return match cache.get(&key) {
            Some(hit) => hit,
            None => next.run(request).await,
        };
    };
    let response = keep(cache, key.clone(), next.run(request).await).await;
    cache.built(&key);
    drop(building);
    response
}

/// Stores a copy of a successful, cookie-free response that may be stored (a download marked
/// `no-store` or `private`, such as a document, is not), and returns the response.
async fn keep(cache: &PageCache, key: String, response: Response) -> Response {
    let headers = response.headers();
    let unstorable = headers
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("no-store") || v.contains("private"));
    if response.status() != StatusCode::OK || headers.contains_key(header::SET_COOKIE) || unstorable
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    cache.put(key, parts.status, parts.headers.clone(), bytes.clone());
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_download_marked_no_store_is_not_kept() {
        let cache = PageCache::new(Duration::from_secs(60));
        let response = |cache_control: &'static str| {
            let mut r = Response::new(Body::from("%PDF-1.7"));
            r.headers_mut()
                .insert(header::CACHE_CONTROL, cache_control.parse().unwrap());
            r
        };
        keep(&cache, "/page".into(), response("public, max-age=1")).await;
        keep(&cache, "/document".into(), response("private, no-store")).await;
        assert!(cache.get("/page").is_some());
        assert!(cache.get("/document").is_none());
    }

    #[test]
    fn only_public_pages_are_cached() {
        let public = PublicPages(&["/", "/initiatives/", "/actors/", "/api/v1/initiatives/"]);
        let is_public_page = |path| public.contain(path);
        for path in [
            "/",
            "/initiatives",
            "/initiatives/3",
            "/actors/2",
            "/api/v1/initiatives",
        ] {
            assert!(is_public_page(path), "{path}");
        }
        for path in [
            "/login",
            "/register",
            "/initiatives/new",
            "/initiatives/3/edit",
            "/healthz",
            "/api/v1/tokens",
            "/actors/2/members/4/remove",
        ] {
            assert!(!is_public_page(path), "{path}");
        }
    }
}
