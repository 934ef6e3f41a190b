//! The built portal is served with the right caching, types and compression.

use crate::helpers::TestApp;

#[tokio::test]
async fn index_is_no_cache_hashed_assets_immutable_and_routes_fall_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><p>portal</p>").unwrap();
    std::fs::write(dir.path().join("portal-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.path().join("portal-0123456789abcdef_bg.wasm.br"), b"compressed").unwrap();
    let static_dir = dir.path().to_path_buf();
    let app = TestApp::spawn_with(move |c| c.static_dir = static_dir).await;
    let http = reqwest::Client::new();

    let res = http.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.text().await.unwrap().contains("portal"));

    // A client-side route loads the app shell.
    let res = http.get(app.url("/points")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");

    let res =
        http.get(app.url("/portal-0123456789abcdef_bg.wasm")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["vary"], "accept-encoding");
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><p>portal</p>").unwrap();
    let static_dir = dir.path().to_path_buf();
    let app = TestApp::spawn_with(move |c| c.static_dir = static_dir).await;
    for path in ["/", "/schedule", "/api/v1/me", "/healthz"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        let csp = res.headers()["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(res.headers()["referrer-policy"], "no-referrer");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(res.headers().get("strict-transport-security").is_none(), "no HSTS on plain-HTTP dev");
    }
}

#[tokio::test]
async fn production_adds_hsts_and_frame_ancestors_is_configurable() {
    let app = TestApp::spawn_with(|c| {
        c.mode = server::Mode::Production;
        c.frame_ancestors = "'self' https://shop.example".into();
    })
    .await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.headers()["strict-transport-security"], server::http::headers::HSTS);
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.ends_with("frame-ancestors 'self' https://shop.example"), "{csp}");
}

/// A split build lives in one hashed folder; a page of an earlier build fetches its route
/// chunks from its own folder while that folder is deployed, and a chunk of a build no longer
/// deployed is a plain 404 (the app then offers a reload), never the index page.
#[tokio::test]
async fn route_chunks_are_served_from_their_build_folder_and_a_missing_one_is_404() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><p>portal</p>").unwrap();
    for build in ["b-0123456789abcdef", "b-fedcba9876543210"] {
        let folder = dir.path().join("pkg").join(build);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("split_points.wasm"), b"\0asm\x01\0\0\0").unwrap();
    }
    let static_dir = dir.path().to_path_buf();
    let app = TestApp::spawn_with(move |c| c.static_dir = static_dir).await;

    for build in ["b-0123456789abcdef", "b-fedcba9876543210"] {
        let res = reqwest::get(app.url(&format!("/pkg/{build}/split_points.wasm"))).await.unwrap();
        assert_eq!(res.status(), 200, "{build}");
        assert_eq!(res.headers()["content-type"], "application/wasm");
        assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    }
    let res = reqwest::get(app.url("/pkg/b-1111111111111111/split_points.wasm")).await.unwrap();
    assert_eq!(res.status(), 404);
    let kind = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(!kind.starts_with("text/html"), "{kind}");
    // A client route still gets the app shell.
    let res = reqwest::get(app.url("/schedule/medicines/m1")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("portal"));
}
