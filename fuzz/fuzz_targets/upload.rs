//! A prescription upload as the server reads it: any multipart body (framing, field names,
//! sizes) read field by field under the page limit, then each page's bytes sniffed and
//! decoded as the upload route does. Errors are expected; panics, hangs and unbounded memory
//! are not.
#![no_main]
use std::sync::OnceLock;

use axum::extract::{FromRequest, Multipart};
use libfuzzer_sys::fuzz_target;
use server::store::uploads::{self, Kind};

const BOUNDARY: &str = "fuzzboundary";
/// Smaller than the real 10 MB so the fuzzer spends its time on framing and decoding.
const LIMIT: usize = 256 * 1024;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().unwrap())
}

fuzz_target!(|data: &[u8]| {
    let request = axum::http::Request::builder()
        .method("POST")
        .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(axum::body::Body::from(data.to_vec()))
        .unwrap();
    runtime().block_on(async {
        let Ok(mut multipart) = Multipart::from_request(request, &()).await else { return };
        while let Ok(Some(mut field)) = multipart.next_field().await {
            let Ok(bytes) = uploads::read_field(&mut field, LIMIT, "page").await else { return };
            if let Ok(Kind::Image(format)) = uploads::sniff(&bytes) {
                if let Ok(page) = uploads::image_page(&bytes, format) {
                    assert!(page.width > 0 && page.height > 0);
                }
            }
        }
    });
});
