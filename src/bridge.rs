//! The host the portal runs in, and the typed bridge to the WeChat mini-program
//! (`wx.miniProgram`). The JSSDK object may be missing (not loaded yet, or not in WeChat):
//! every call then returns false and the caller falls back to web behaviour — never a crash.
use api::host::{Host, HostFacts, NativePage};
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn window() -> JsValue {
    leptos::prelude::window().into()
}

/// Where the portal runs now. Not cached: the JSSDK sets `__wxjs_environment` only when its
/// bridge is ready, which may be after start-up.
pub fn host() -> Host {
    let window = leptos::prelude::window();
    let env = if CONFIRMED.with(std::cell::Cell::get) {
        Some("miniprogram".to_string())
    } else {
        get(&window, "__wxjs_environment").and_then(|v| v.as_string())
    };
    let user_agent = window.navigator().user_agent().unwrap_or_default();
    let standalone = window.match_media("(display-mode: standalone)").ok().flatten().is_some_and(|m| m.matches())
        || get(&window.navigator(), "standalone").and_then(|v| v.as_bool()).unwrap_or(false);
    Host::detect(HostFacts { wxjs_environment: env.as_deref(), user_agent: &user_agent, standalone })
}

/// True inside a mini-program web-view.
pub fn is_mini_program() -> bool {
    host() == Host::MiniProgram
}

/// `wx.miniProgram`, when the JSSDK is loaded.
fn mini_program() -> Option<JsValue> {
    get(&window(), "wx").and_then(|wx| get(&wx, "miniProgram"))
}

/// Calls `wx.miniProgram[name](arg)`; false when the bridge or the method is missing or throws.
fn call(name: &str, arg: &JsValue) -> bool {
    let Some(mp) = mini_program() else { return false };
    let Some(f) = get(&mp, name).and_then(|f| f.dyn_into::<Function>().ok()) else { return false };
    f.call1(&mp, arg).is_ok()
}

fn object(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Opens a native page of the mini-program; false when not possible (plain browser).
pub fn navigate_to(page: &NativePage) -> bool {
    is_mini_program() && call("navigateTo", &object(&[("url", &JsValue::from_str(&page.path()))]))
}

/// Closes the web-view page and returns to the previous native page.
pub fn navigate_back() -> bool {
    is_mini_program() && call("navigateBack", &object(&[("delta", &JsValue::from_f64(1.0))]))
}

/// Queues a message for the mini-program page. WeChat delivers it only on back, share or
/// destroy, so it suits context (what to share), never commands that need an answer.
pub fn post_message(kind: &str, fields: &[(&str, &str)]) -> bool {
    if !is_mini_program() {
        return false;
    }
    let data = Object::new();
    let _ = Reflect::set(&data, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&data, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    call("postMessage", &object(&[("data", &data.into())]))
}

thread_local! {
    /// `wx.miniProgram.getEnv` said yes (see [`start`]).
    static CONFIRMED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// WeChat's JSSDK, which provides `wx.miniProgram` to a web-view page (allowed by the CSP).
pub const JSSDK_URL: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

/// Inside WeChat, loads the JSSDK (unless already there), then asks `getEnv` once where the
/// user agent does not say mini-program (older iOS clients); a yes makes [`host`] report the
/// mini-program from then on. Elsewhere nothing is loaded.
pub fn start() {
    let window = leptos::prelude::window();
    let in_wechat = window.navigator().user_agent().is_ok_and(|ua| ua.contains("MicroMessenger"));
    if !in_wechat {
        return;
    }
    let confirm = || {
        if host() == Host::WeChatBrowser {
            leptos::task::spawn_local(async {
                if confirm_mini_program().await {
                    CONFIRMED.with(|c| c.set(true));
                }
            });
        }
    };
    if mini_program().is_some() {
        confirm();
        return;
    }
    let Some(head) = window.document().and_then(|d| d.head()) else { return };
    let Ok(script) = leptos::prelude::document().create_element("script") else { return };
    let _ = script.set_attribute("src", JSSDK_URL);
    let on_load = wasm_bindgen::closure::Closure::once_into_js(confirm);
    let _ = Reflect::set(&script, &"onload".into(), &on_load);
    let _ = head.append_child(&script);
}

/// Asks the JSSDK whether this really is a mini-program (`wx.miniProgram.getEnv`); resolves
/// to false without the JSSDK.
async fn confirm_mini_program() -> bool {
    let Some(mp) = mini_program() else { return false };
    let Some(get_env) = get(&mp, "getEnv").and_then(|f| f.dyn_into::<Function>().ok()) else { return false };
    let promise = Promise::new(&mut |resolve, _| {
        let answer = resolve.clone();
        let cb = wasm_bindgen::closure::Closure::once_into_js(move |res: JsValue| {
            let yes = get(&res, "miniprogram").and_then(|v| v.as_bool()).unwrap_or(false);
            let _ = answer.call1(&JsValue::NULL, &JsValue::from_bool(yes));
        });
        if get_env.call1(&mp, &cb).is_err() {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::FALSE);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// How a share request was carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// The mini-program will share this page from its ··· menu (context posted to it).
    ViaMenu,
    /// The system share sheet opened.
    Sheet,
    /// The link was copied to the clipboard.
    Copied,
    /// Nothing worked (old browser, permission denied).
    Failed,
}

/// Shares an in-app path: in the mini-program the page tells its host what to share (a
/// web-view cannot open WeChat's share sheet itself); in a browser the system share sheet,
/// else the clipboard.
pub async fn share(title: &str, path: &str) -> Shared {
    if post_message("share", &[("title", title), ("path", path)]) {
        return Shared::ViaMenu;
    }
    let window = leptos::prelude::window();
    let url = format!("{}{path}", window.location().origin().unwrap_or_default());
    let navigator: JsValue = window.navigator().into();
    let call_promise = |target: &JsValue, method: &str, arg: &JsValue| -> Option<Promise> {
        let f = get(target, method)?.dyn_into::<Function>().ok()?;
        f.call1(target, arg).ok()?.dyn_into::<Promise>().ok()
    };
    let data = object(&[("title", &title.into()), ("url", &url.as_str().into())]);
    if let Some(p) = call_promise(&navigator, "share", &data) {
        return match wasm_bindgen_futures::JsFuture::from(p).await {
            Ok(_) => Shared::Sheet,
            // The member closed the sheet: that is a choice, not a failure to report.
            Err(e) if get(&e, "name").and_then(|n| n.as_string()).as_deref() == Some("AbortError") => Shared::Sheet,
            Err(_) => copy(&navigator, &url, call_promise).await,
        };
    }
    copy(&navigator, &url, call_promise).await
}

async fn copy(navigator: &JsValue, url: &str, call: impl Fn(&JsValue, &str, &JsValue) -> Option<Promise>) -> Shared {
    let Some(clipboard) = get(navigator, "clipboard") else { return Shared::Failed };
    let Some(p) = call(&clipboard, "writeText", &url.into()) else { return Shared::Failed };
    match wasm_bindgen_futures::JsFuture::from(p).await {
        Ok(_) => Shared::Copied,
        Err(_) => Shared::Failed,
    }
}
