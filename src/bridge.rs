//! The WeChat mini-program host, when the portal runs in its web-view. The JSSDK object may
//! be missing (not loaded yet, or a plain browser): every call then does nothing.
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// True inside a mini-program web-view (`window.__wxjs_environment`, or the user agent).
pub fn is_mini_program() -> bool {
    let window = leptos::prelude::window();
    let env = get(&window, "__wxjs_environment").and_then(|v| v.as_string());
    env.as_deref() == Some("miniprogram")
        || window.navigator().user_agent().map(|ua| ua.contains("miniProgram")).unwrap_or(false)
}

/// `wx.miniProgram.navigateTo({ url })`; false when the bridge is not there.
pub fn navigate_to(url: &str) -> bool {
    let Some(mp) = get(&leptos::prelude::window(), "wx").and_then(|wx| get(&wx, "miniProgram")) else { return false };
    let Some(f) = get(&mp, "navigateTo").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else { return false };
    let args = Object::new();
    let _ = Reflect::set(&args, &JsValue::from_str("url"), &JsValue::from_str(url));
    f.call1(&mp, &args).is_ok()
}

/// The host's native page where members subscribe to reminder messages (订阅消息).
pub const SUBSCRIBE_PAGE: &str = "/pages/subscribe/subscribe?topic=dose";
