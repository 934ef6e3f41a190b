//! Where the portal runs, and the native pages it hands off to inside the WeChat
//! mini-program. Pure rules: the portal gathers the facts from the browser.

/// The environment the portal is running in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// A WeChat mini-program's `web-view`: login, payment and reminder subscriptions are
    /// native pages reached through `wx.miniProgram`.
    MiniProgram,
    /// WeChat's own in-app browser (a link opened in a chat): no mini-program bridge.
    WeChatBrowser,
    /// Installed to the home screen (`display-mode: standalone`).
    InstalledApp,
    /// A plain mobile or desktop browser.
    Browser,
}

/// What the browser says about itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct HostFacts<'a> {
    /// `window.__wxjs_environment`, set by the JSSDK once the bridge is ready.
    pub wxjs_environment: Option<&'a str>,
    pub user_agent: &'a str,
    /// `matchMedia('(display-mode: standalone)')` or iOS's `navigator.standalone`.
    pub standalone: bool,
}

impl Host {
    /// Classifies from the facts. The mini-program wins: its web-view is also WeChat, and
    /// iOS only reveals it through `__wxjs_environment` (Android adds `miniProgram` to the UA).
    pub fn detect(facts: HostFacts<'_>) -> Host {
        if facts.wxjs_environment == Some("miniprogram") || facts.user_agent.contains("miniProgram") {
            Host::MiniProgram
        } else if facts.user_agent.contains("MicroMessenger") {
            Host::WeChatBrowser
        } else if facts.standalone {
            Host::InstalledApp
        } else {
            Host::Browser
        }
    }
}

/// A native page of the mini-program the portal navigates to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativePage {
    /// WeChat login; the mini-program reopens the portal with a fresh hand-off code.
    Login,
    /// Checkout for an approved prescription (payment is native: `wx.requestPayment`).
    CheckoutPrescription(String),
    /// Checkout with a coupon from the wallet applied.
    CheckoutCoupon(String),
    /// Subscribe to dose reminder messages (订阅消息).
    SubscribeReminders,
}

impl NativePage {
    /// The page's path in the mini-program, as `wx.miniProgram.navigateTo` wants it.
    pub fn path(&self) -> String {
        match self {
            NativePage::Login => "/pages/login/login?from=portal".into(),
            NativePage::CheckoutPrescription(id) => format!("/pages/checkout/checkout?rx={}", query_value(id)),
            NativePage::CheckoutCoupon(code) => format!("/pages/checkout/checkout?coupon={}", query_value(code)),
            NativePage::SubscribeReminders => "/pages/subscribe/subscribe?topic=dose".into(),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The portal's address with `code` removed from the query (what `history.replaceState`
/// gets after a hand-off), keeping every other parameter and the fragment.
pub fn without_code(path: &str, search: &str, hash: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && *p != "code" && !p.starts_with("code="))
        .collect();
    let query = if kept.is_empty() { String::new() } else { format!("?{}", kept.join("&")) };
    format!("{path}{query}{hash}")
}

/// The `code` parameter of a query string, if any.
pub fn code_in(search: &str) -> Option<&str> {
    search.trim_start_matches('?').split('&').find_map(|p| p.strip_prefix("code=")).filter(|c| !c.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const IOS_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN";
    const ANDROID_MINI: &str = "Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 Chrome/116 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47 miniProgram/wx1234567890";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1";

    #[test]
    fn detects_each_host() {
        let facts = |env, ua, standalone| HostFacts { wxjs_environment: env, user_agent: ua, standalone };
        assert_eq!(Host::detect(facts(None, ANDROID_MINI, false)), Host::MiniProgram);
        // iOS: the UA is plain WeChat; only the JSSDK's flag tells the web-view apart.
        assert_eq!(Host::detect(facts(Some("miniprogram"), IOS_WECHAT, false)), Host::MiniProgram);
        assert_eq!(Host::detect(facts(None, IOS_WECHAT, false)), Host::WeChatBrowser);
        assert_eq!(Host::detect(facts(None, SAFARI, true)), Host::InstalledApp);
        assert_eq!(Host::detect(facts(None, SAFARI, false)), Host::Browser);
        assert_eq!(Host::detect(facts(Some("browser"), SAFARI, false)), Host::Browser);
    }

    #[test]
    fn native_pages_encode_their_parameters() {
        assert_eq!(NativePage::CheckoutPrescription("rx-1".into()).path(), "/pages/checkout/checkout?rx=rx-1");
        assert_eq!(
            NativePage::CheckoutCoupon("A&B=1 满".into()).path(),
            "/pages/checkout/checkout?coupon=A%26B%3D1%20%E6%BB%A1"
        );
        assert!(NativePage::Login.path().starts_with("/pages/login/login"));
    }

    #[test]
    fn the_code_leaves_the_address_and_nothing_else_does() {
        assert_eq!(without_code("/", "?code=abc", ""), "/");
        assert_eq!(without_code("/schedule", "?code=abc&lang=en", "#today"), "/schedule?lang=en#today");
        assert_eq!(without_code("/x", "?a=1&code=abc&b=2", ""), "/x?a=1&b=2");
        assert_eq!(without_code("/x", "?codec=1", ""), "/x?codec=1");
        assert_eq!(code_in("?a=1&code=abc"), Some("abc"));
        assert_eq!(code_in("?code="), None);
        assert_eq!(code_in("?codec=1"), None);
    }
}
