//! What `public/boot.js` does before the wasm has loaded, stated once in Rust: the portal
//! builds the same URLs and reads the same stored choice from these, and a test runs boot.js
//! (in Node) against [`early_requests`] so the two cannot drift (they did once: `/schedule`
//! was fetched twice).

/// localStorage key of the member's language choice (not personal data).
pub const LOCALE_KEY: &str = "portal.locale";

/// Who is signed in: asked for early on every start, unless a hand-off code is spent first.
pub const ME: &str = "/me";

/// Today's schedule, asked for early when the app opens on `/schedule`.
pub const SCHEDULE: &str = "/schedule";

/// Home's summary in `lang`, asked for early when the app opens on `/`.
pub fn home(lang: &str) -> String {
    format!("/home?lang={lang}")
}

/// The language a stored choice or a browser tag names (`zh…` → zh-CN, `en…` → en).
pub fn locale_tag(tag: &str) -> Option<&'static str> {
    let tag = tag.to_ascii_lowercase();
    if tag.starts_with("zh") {
        Some("zh-CN")
    } else if tag.starts_with("en") {
        Some("en")
    } else {
        None
    }
}

/// The API paths boot.js asks for while the wasm downloads, for a start at `path` (the
/// stored choice first, then the browser's language, then zh-CN).
pub fn early_requests(path: &str, handoff_code: bool, stored: Option<&str>, browser: Option<&str>) -> Vec<String> {
    if handoff_code {
        return vec![]; // who we are may change: nothing early
    }
    let lang = stored.and_then(locale_tag).or_else(|| browser.and_then(locale_tag)).unwrap_or("zh-CN");
    match path {
        "/" => vec![ME.to_string(), home(lang)],
        "/schedule" => vec![ME.to_string(), SCHEDULE.to_string()],
        _ => vec![ME.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::API_PREFIX;

    /// Runs boot.js's early part in Node with a stubbed browser; returns the URLs it fetched.
    fn boot_js_requests(path: &str, search: &str, stored: Option<&str>, browser: &str) -> Vec<String> {
        // Read at run time: a test binary reused from another checkout still reads this one's file.
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
        let file = format!("{dir}/../public/boot.js");
        let harness = r#"
            const [file, path, search, stored, language] = process.argv.slice(1);
            const src = require('fs').readFileSync(file, 'utf8');
            const early = src.slice(0, src.indexOf('const { default: init }'));
            const asked = [];
            Object.assign(globalThis, {
              location: { pathname: path, search },
              localStorage: { getItem: (k) => (k === process.env.LOCALE_KEY && stored !== '-' ? stored : null) },
              window: {},
              fetch: (url) => { asked.push(url); return Promise.resolve({}); },
            });
            Object.defineProperty(globalThis, 'navigator', { value: { language }, configurable: true });
            new Function(early)();
            console.log(JSON.stringify(asked));
            process.exit(0);
        "#;
        let out = std::process::Command::new("node")
            .env("LOCALE_KEY", LOCALE_KEY)
            .args(["-e", harness, &file, path, search, stored.unwrap_or("-"), browser])
            .output()
            .expect("node runs (the e2e layer needs it too)");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    #[test]
    fn boot_js_asks_for_exactly_what_the_app_will_ask_for() {
        let cases = [
            ("/", "", None, "zh-CN"),
            ("/", "", None, "en-GB"),
            ("/", "", Some("en"), "zh-CN"),
            ("/", "", Some("zh-CN"), "en-US"),
            ("/", "", None, "fr-FR"),
            ("/schedule", "", Some("en"), "en"),
            ("/points", "", None, "zh"),
            ("/", "?code=abc", None, "zh-CN"),
        ];
        for (path, search, stored, browser) in cases {
            let expected: Vec<String> = early_requests(path, !search.is_empty(), stored, Some(browser))
                .into_iter()
                .map(|p| format!("{API_PREFIX}{p}"))
                .collect();
            assert_eq!(
                boot_js_requests(path, search, stored, browser),
                expected,
                "{path}{search} {stored:?} {browser}"
            );
        }
    }

    #[test]
    fn language_tags() {
        assert_eq!(locale_tag("ZH-tw"), Some("zh-CN"));
        assert_eq!(locale_tag("en"), Some("en"));
        assert_eq!(locale_tag("de"), None);
    }
}
