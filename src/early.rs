//! Answers `public/boot.js` requested before the wasm started (the first screen's data): the
//! client takes each one once, by URL, instead of asking again.
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn early() -> Option<js_sys::Object> {
    let value = js_sys::Reflect::get(&leptos::prelude::window(), &"__early".into()).ok()?;
    value.dyn_into().ok()
}

/// The early answer for `url`, if boot.js asked for it, nobody has taken it yet and it
/// succeeded. Anything else (failed, 401, offline) returns `None`: the caller asks again and
/// handles that answer as usual.
pub async fn take(url: &str) -> Option<web_sys::Response> {
    let early = early()?;
    let promise: js_sys::Promise = js_sys::Reflect::get(&early, &url.into()).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(&early, &url.into());
    let res: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    res.ok().then_some(res)
}

/// Drops every answer not yet taken: after a sign-out they may belong to the wrong member, and
/// after any write (the client calls this) they may be out of date.
pub fn forget() {
    let _ = js_sys::Reflect::set(&leptos::prelude::window(), &"__early".into(), &js_sys::Object::new());
}
