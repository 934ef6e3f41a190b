//! Security headers on every response: a Content-Security-Policy the wasm bundle passes (no
//! inline script, no eval beyond compiling wasm), no referrer, no sniffing, and HSTS when the
//! server is in production (behind HTTPS).
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Config;

/// The policy for `frame_ancestors` (who may embed the portal in a frame; a mini-program
/// web-view is not a frame, so `'none'` suits it).
pub fn content_security_policy(frame_ancestors: &str) -> String {
    [
        "default-src 'self'",
        // wasm needs compiling (`WebAssembly.instantiate`): that is all 'wasm-unsafe-eval' allows.
        // WeChat's JSSDK (`wx.miniProgram`) is loaded from its official host inside WeChat only.
        "script-src 'self' 'wasm-unsafe-eval' https://res.wx.qq.com",
        "style-src 'self'",
        // blob: previews of a photo before it is uploaded.
        "img-src 'self' blob: data:",
        "connect-src 'self'",
        "font-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        &format!("frame-ancestors {frame_ancestors}"),
    ]
    .join("; ")
}

/// `Strict-Transport-Security` for production: a year, subdomains included.
pub const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the headers to every response that does not set its own.
pub fn apply(router: Router, config: &Config) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(&config.frame_ancestors))
        .expect("frame-ancestors is checked when the configuration is parsed");
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    if config.is_dev() {
        // Dev serves plain HTTP on loopback; HSTS there would pin localhost to HTTPS.
        router
    } else {
        router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ))
    }
}

/// Checks a `frame-ancestors` source list from the command line: printable, and no `;` or
/// `,` that would end the directive and start another.
pub fn parse_frame_ancestors(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value.contains([';', ',']) || !value.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return Err("a space-separated CSP source list, e.g. 'none' or 'self' https://shop.example".into());
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_allows_wasm_but_no_inline_script() {
        let csp = content_security_policy("'none'");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' https://res.wx.qq.com;"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn frame_ancestors_cannot_smuggle_directives() {
        assert_eq!(parse_frame_ancestors(" 'self' https://shop.example ").unwrap(), "'self' https://shop.example");
        assert!(parse_frame_ancestors("'none'; script-src *").is_err());
        assert!(parse_frame_ancestors("a, b").is_err());
        assert!(parse_frame_ancestors("a\nb").is_err());
        assert!(parse_frame_ancestors("").is_err());
    }
}
