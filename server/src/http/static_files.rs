//! Serving the built portal: `index.html` is never cached (it names the current bundle),
//! content-hashed assets are immutable, and precompressed `.br`/`.gz` files are preferred.
use std::path::Path;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// A service for the static directory with SPA fallback to `index.html` for client routes.
/// A missing bundle file (a route chunk of a build no longer deployed) is a 404, not the
/// index page, so the app sees a failed fetch and can offer a reload.
pub fn service(dir: &Path) -> axum::routing::MethodRouter<crate::AppState> {
    let index = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip();
    let pages = ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index);
    let assets = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    axum::routing::get(move |req: Request<Body>| {
        let (pages, assets) = (pages.clone(), assets.clone());
        async move {
            let path = req.uri().path().to_string();
            let served = if is_asset(&path) { assets.oneshot(req).await } else { pages.oneshot(req).await };
            let mut res = served.map(|r| r.map(Body::new)).unwrap_or_else(|e| match e {});
            set_cache_control(&path, &mut res);
            res
        }
    })
}

fn set_cache_control(path: &str, res: &mut Response<Body>) {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if is_html || path.ends_with("/sw.js") {
        "no-cache"
    } else if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // The same URL may be answered br, gzip or plain: caches must key on the request's choice.
    res.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
}

/// Paths that name a bundle file rather than a client route.
fn is_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || [".js", ".wasm", ".css", ".map"].iter().any(|ext| path.ends_with(ext))
}

/// Trunk names bundle files `name-<16 hex>.ext`; wasm-bindgen snippets live under a hashed
/// directory (`/snippets/portal-<hash>/…`).
pub fn is_hashed(path: &str) -> bool {
    path.split('/').any(|part| {
        let stem = part.split('.').next().unwrap_or(part);
        let stem = stem.strip_suffix("_bg").unwrap_or(stem);
        stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

#[cfg(test)]
mod tests {
    use super::{is_asset, is_hashed};

    #[test]
    fn bundle_files_are_not_client_routes() {
        assert!(is_asset("/pkg/b-0123456789abcdef/split_points.wasm"));
        assert!(is_asset("/boot-0123456789abcdef.js"));
        assert!(!is_asset("/schedule/medicines/m1"));
        assert!(!is_asset("/articles/salt-and-blood-pressure"));
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_hashed("/portal-3f9a0c1d2e4b5a6f_bg.wasm"));
        assert!(is_hashed("/portal-3f9a0c1d2e4b5a6f.js"));
        assert!(is_hashed("/style-0123456789abcdef.css"));
        assert!(is_hashed("/snippets/portal-0123456789abcdef/src/offline/store.js"));
        // One split build's folder: glue, main module, route chunks and snippets.
        assert!(is_hashed("/pkg/b-0123456789abcdef/chunk_3_points.wasm"));
        assert!(is_hashed("/pkg/b-0123456789abcdef/snippets/portal-0123456789abcdef/src/offline/store.js"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/manifest.webmanifest"));
        assert!(!is_hashed("/icon-192.png"));
    }
}
