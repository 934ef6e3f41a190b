//! Data kept on the device for offline use: an encrypted IndexedDB store (see `store.js`),
//! typed here. Every failure reads as "nothing stored": offline data is a convenience, the
//! server stays the source of truth.
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

mod update;
pub use update::UpdatePrompt;

#[wasm_bindgen(module = "/src/offline/store.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = put)]
    async fn js_put(name: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = get)]
    async fn js_get(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = getMany)]
    async fn js_get_many(names: Vec<String>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = wipe)]
    async fn js_wipe() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = localDate)]
    fn js_local_date(tz: &str, secs: Option<f64>) -> Option<String>;
    #[wasm_bindgen(js_name = localTime)]
    fn js_local_time(tz: &str, secs: f64) -> Option<String>;
}

/// Keys of the stored records.
pub mod keys {
    /// The member the stored data belongs to.
    pub const OWNER: &str = "owner";
    /// The member's profile, so a cold start without network can open the schedule.
    pub const ME: &str = "me";
    pub const SCHEDULE: &str = "schedule";
    pub const OUTBOX: &str = "outbox";
    /// Articles read recently, with reading progress (readable offline).
    pub const ARTICLES: &str = "articles";
}

/// Encrypts and stores `value` under `name`; false if the device would not keep it.
pub async fn save<T: Serialize>(name: &str, value: &T) -> bool {
    match serde_json::to_string(value) {
        Ok(text) => js_put(name, &text).await.is_ok(),
        Err(_) => false,
    }
}

pub async fn load<T: DeserializeOwned>(name: &str) -> Option<T> {
    let text = js_get(name).await.ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// Two records read together (their reads and decryptions overlap): what a cold start needs.
pub async fn load_pair<A: DeserializeOwned, B: DeserializeOwned>(a: &str, b: &str) -> (Option<A>, Option<B>) {
    let Ok(texts) = js_get_many(vec![a.to_string(), b.to_string()]).await else {
        return (None, None);
    };
    let texts = js_sys::Array::from(&texts);
    let parse = |i: u32| texts.get(i).as_string();
    (parse(0).and_then(|t| serde_json::from_str(&t).ok()), parse(1).and_then(|t| serde_json::from_str(&t).ok()))
}

/// Deletes everything stored, the key included.
pub async fn wipe() {
    let _ = js_wipe().await;
}

/// Today on the home wall clock of `tz`, or `None` if the browser does not know the zone.
pub fn local_date(tz: &str) -> Option<String> {
    js_local_date(tz, None)
}

/// The home-clock `YYYY-MM-DD` of `unix_secs`.
pub fn local_date_at(tz: &str, unix_secs: i64) -> Option<String> {
    js_local_date(tz, Some(unix_secs as f64))
}

/// `HH:MM` of `unix_secs` on the home wall clock of `tz` (the device clock if unknown), so
/// "taken at" reads on the same clock as the dose times.
pub fn local_time(tz: &str, unix_secs: i64) -> String {
    js_local_time(tz, unix_secs as f64).unwrap_or_else(|| crate::format::clock(unix_secs))
}

/// Makes sure stored data belongs to `member_id`: another member's data is wiped first.
/// True when something had to be wiped (the caller forgets its in-memory copy too).
pub async fn claim(member_id: &str) -> bool {
    let owner: Option<String> = load(keys::OWNER).await;
    if owner.as_deref() == Some(member_id) {
        return false;
    }
    wipe().await;
    save(keys::OWNER, &member_id).await;
    true
}
