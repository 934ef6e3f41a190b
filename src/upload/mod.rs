//! Prescription page capture: browser-side checks and downscaling, and an upload with
//! progress and cancel (`upload.js`; XMLHttpRequest is the only API with upload progress).
use api::prescriptions::limits::{MAX_PAGE_BYTES, MIN_LONG_SIDE, UPLOAD_LONG_SIDE};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/upload/upload.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = preparePage)]
    async fn prepare_page_js(
        file: web_sys::File,
        max_bytes: f64,
        min_side: u32,
        max_side: u32,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = upload)]
    fn upload_js(url: &str, key: &str, blobs: Array, names: Array, on_progress: &Closure<dyn FnMut(f64)>) -> JsValue;
    fn revoke(url: &str);
}

/// Why a picked file cannot be a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageProblem {
    Empty,
    Type,
    Undecodable,
    TooSmall,
    TooBig,
}

/// A page ready to send: the (re-encoded) file, its name and a preview URL for photos.
#[derive(Clone)]
pub struct PreparedPage {
    pub blob: JsValue,
    pub name: String,
    pub preview: Option<String>,
}

impl PreparedPage {
    /// Frees the preview's object URL.
    pub fn release(&self) {
        if let Some(url) = &self.preview {
            revoke(url);
        }
    }
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Checks a picked file and prepares it for upload as a prescription page.
pub async fn prepare(file: web_sys::File) -> Result<PreparedPage, PageProblem> {
    prepare_with(file, MIN_LONG_SIDE, UPLOAD_LONG_SIDE).await
}

/// Long side of a feedback photo as sent: enough to see a damaged box or a screen.
const PHOTO_LONG_SIDE: u32 = 1600;

/// Checks a photo for feedback (any size, images only) and shrinks it for upload.
pub async fn prepare_photo(file: web_sys::File) -> Result<PreparedPage, PageProblem> {
    let page = prepare_with(file, 1, PHOTO_LONG_SIDE).await?;
    if page.preview.is_none() {
        return Err(PageProblem::Type); // a PDF: fine for a prescription, not a photo
    }
    Ok(page)
}

async fn prepare_with(file: web_sys::File, min_side: u32, max_side: u32) -> Result<PreparedPage, PageProblem> {
    match prepare_page_js(file, MAX_PAGE_BYTES as f64, min_side, max_side).await {
        Ok(v) => Ok(PreparedPage {
            blob: get(&v, "blob"),
            name: get(&v, "name").as_string().unwrap_or_default(),
            preview: get(&v, "preview").as_string(),
        }),
        Err(e) => {
            let code = Reflect::get(&e, &"message".into()).ok().and_then(|m| m.as_string()).unwrap_or_default();
            Err(match code.as_str() {
                "empty" => PageProblem::Empty,
                "type" => PageProblem::Type,
                "too_small" => PageProblem::TooSmall,
                "too_big" => PageProblem::TooBig,
                _ => PageProblem::Undecodable,
            })
        }
    }
}

/// How an upload ended.
pub enum Sent {
    /// The server answered (any status) with this body.
    Answered {
        status: u16,
        body: String,
    },
    /// No answer: offline or the connection dropped.
    NetworkLost,
    Cancelled,
}

/// A running upload: await [`Upload::finish`]; [`Upload::abort`] cancels it.
pub struct Upload {
    handle: JsValue,
    _progress: Closure<dyn FnMut(f64)>,
}

impl Upload {
    /// Starts sending `pages` to `url` with the idempotency `key`; `on_progress` gets 0–1.
    pub fn start(url: &str, key: &str, pages: &[PreparedPage], on_progress: impl FnMut(f64) + 'static) -> Upload {
        crate::early::forget(); // a write: the early reads (home's pending prescription) are stale
        let progress = Closure::<dyn FnMut(f64)>::new(on_progress);
        let blobs: Array = pages.iter().map(|p| p.blob.clone()).collect();
        let names: Array = pages.iter().map(|p| JsValue::from_str(&p.name)).collect();
        let handle = upload_js(url, key, blobs, names, &progress);
        Upload { handle, _progress: progress }
    }

    /// A function that cancels this upload (callable from a button).
    pub fn aborter(&self) -> js_sys::Function {
        get(&self.handle, "abort").unchecked_into()
    }

    pub async fn finish(self) -> Sent {
        let done: js_sys::Promise = get(&self.handle, "done").unchecked_into();
        let Ok(result) = JsFuture::from(done).await else { return Sent::NetworkLost };
        let status = get(&result, "status").as_f64().unwrap_or(0.0) as i32;
        match status {
            -1 => Sent::Cancelled,
            0 => Sent::NetworkLost,
            s => Sent::Answered { status: s as u16, body: get(&result, "body").as_string().unwrap_or_default() },
        }
    }
}
