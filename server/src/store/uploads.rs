//! Uploaded prescription pages: checked by content (never by name or declared type),
//! normalised (EXIF orientation applied, metadata such as GPS dropped, re-encoded as JPEG)
//! and stored outside the web root under random names.
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

use api::error::codes;
use api::prescriptions::limits::{MAX_PAGES, MAX_PIXELS, MIN_LONG_SIDE};
use axum::http::StatusCode;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::http::error::Error;
use crate::store::at_rest::{open, seal};
pub use crate::store::at_rest::{parse_key, UploadKey};
use crate::store::files::FileStore;

/// The most memory one image decode may take (a 40-megapixel RGBA photo is 160 MB).
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// What a page's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Image(ImageFormat),
    Pdf,
}

/// A page ready to store: JPEG bytes and its size after orientation.
pub struct Page {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Sniffs the file type from magic bytes.
pub fn sniff(bytes: &[u8]) -> Result<Kind, Error> {
    let kind = match bytes {
        [0xff, 0xd8, 0xff, ..] => Kind::Image(ImageFormat::Jpeg),
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => Kind::Image(ImageFormat::Png),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Kind::Image(ImageFormat::WebP),
        [b'%', b'P', b'D', b'F', b'-', ..] => Kind::Pdf,
        [_, _, _, _, b'f', b't', b'y', b'p', b'h', b'e', b'i', b'c' | b'x', ..] | [_, _, _, _, b'f', b't', b'y', b'p', b'm', b'i', b'f', b'1', ..] => {
            return Err(unsupported("HEIC photos cannot be read here; choose JPEG (most phones: Settings → Camera → Most Compatible) or upload from the portal, which converts them"))
        }
        _ => return Err(unsupported("only JPEG, PNG, WebP and PDF files are accepted")),
    };
    Ok(kind)
}

fn unsupported(message: &str) -> Error {
    Error::Rejected {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        code: codes::UNSUPPORTED_FILE_TYPE,
        message: message.into(),
    }
}

/// Checks and normalises one image page. Blocking (decoding): call from `spawn_blocking`.
pub fn image_page(bytes: &[u8], format: ImageFormat) -> Result<Page, Error> {
    let page = decode(bytes, format)?;
    check_resolution(page.width, page.height)?;
    Ok(page)
}

/// A photo attached to feedback: any size a phone makes, checked and re-encoded like a page
/// (orientation applied, metadata such as GPS dropped). Blocking.
pub fn photo(bytes: &[u8], format: ImageFormat) -> Result<Page, Error> {
    decode(bytes, format)
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<Page, Error> {
    let corrupt = || Error::bad_request(codes::CORRUPT_IMAGE, "the file does not decode as an image");
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // A second guard behind the pixel count: no decoder may allocate more than this.
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| corrupt())?;
    // Pixel count from the header, before any pixel is decoded: a 50 000 × 50 000 PNG of
    // zeros is a few kB on the wire and 2.5 GB in memory.
    let (w, h) = decoder.dimensions();
    if w as u64 * h as u64 > MAX_PIXELS {
        return Err(Error::bad_request(
            codes::IMAGE_TOO_LARGE,
            format!("the image has more than {} megapixels", MAX_PIXELS / 1_000_000),
        ));
    }
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| corrupt())?;
    img.apply_orientation(orientation);
    Ok(encode(&img))
}

/// A 413 with the stable code.
pub fn too_large(message: String) -> Error {
    Error::Rejected { status: StatusCode::PAYLOAD_TOO_LARGE, code: codes::PAYLOAD_TOO_LARGE, message }
}

/// Reads one multipart field whole, refusing it (413) once it passes `limit` bytes;
/// `what` names it in the message ("page 2", "photo").
pub async fn read_field(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if bytes.len() + chunk.len() > limit {
            let size = if limit >= 1024 * 1024 {
                format!("{} MB", limit / 1024 / 1024)
            } else {
                format!("{} kB", limit / 1024)
            };
            return Err(too_large(format!("{what} is larger than {size}")));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A multipart stream that broke off or exceeded the route's limit.
pub fn multipart_error(e: axum::extract::multipart::MultipartError) -> Error {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large("the upload is too large".into());
    }
    Error::bad_request(codes::INVALID_UPLOAD, e.body_text())
}

fn check_resolution(w: u32, h: u32) -> Result<(), Error> {
    if w.max(h) < MIN_LONG_SIDE {
        return Err(Error::bad_request(
            codes::IMAGE_TOO_SMALL,
            format!(
                "the image is {w}×{h}; its long side must be at least {MIN_LONG_SIDE} pixels to read the small print"
            ),
        ));
    }
    Ok(())
}

fn encode(img: &DynamicImage) -> Page {
    let rgb = img.to_rgb8();
    let mut jpeg = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 88);
    rgb.write_with_encoder(enc).expect("encoding to memory");
    Page { jpeg, width: rgb.width(), height: rgb.height() }
}

/// Rasterises a PDF's pages (at most [`MAX_PAGES`]) with `pdftoppm`, checking each like a photo.
pub async fn pdf_pages(bytes: &[u8], scratch: &Path) -> Result<Vec<Page>, Error> {
    let dir = scratch.join(crate::store::new_id());
    tokio::fs::create_dir_all(&dir).await.map_err(anyhow::Error::from)?;
    let result = rasterise(bytes, &dir).await;
    let _ = tokio::fs::remove_dir_all(&dir).await;
    result
}

async fn rasterise(bytes: &[u8], dir: &Path) -> Result<Vec<Page>, Error> {
    let input = dir.join("in.pdf");
    tokio::fs::write(&input, bytes).await.map_err(anyhow::Error::from)?;
    let run = tokio::process::Command::new("pdftoppm")
        .args(["-png", "-r", "150", "-f", "1", "-l", &MAX_PAGES.to_string(), "-scale-to", "2000"])
        .arg(&input)
        .arg(dir.join("page"))
        .kill_on_drop(true)
        .output();
    let out = match tokio::time::timeout(Duration::from_secs(30), run).await {
        Err(_) => return Err(Error::bad_request(codes::CORRUPT_IMAGE, "the PDF took too long to open")),
        Ok(Err(e)) => return Err(Error::Internal(anyhow::anyhow!("pdftoppm (poppler-utils) not runnable: {e}"))),
        Ok(Ok(out)) => out,
    };
    if !out.status.success() {
        return Err(Error::bad_request(codes::CORRUPT_IMAGE, "the PDF could not be opened"));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(anyhow::Error::from)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    files.sort();
    let mut pages = Vec::new();
    for f in files {
        let png = tokio::fs::read(&f).await.map_err(anyhow::Error::from)?;
        pages.push(
            tokio::task::spawn_blocking(move || image_page(&png, ImageFormat::Png))
                .await
                .map_err(anyhow::Error::from)??,
        );
    }
    if pages.is_empty() {
        return Err(Error::bad_request(codes::CORRUPT_IMAGE, "the PDF has no pages"));
    }
    Ok(pages)
}

/// Stored files as handlers and workers see them: encrypted at rest when a key is set,
/// kept in the configured [`FileStore`].
#[derive(Clone)]
pub struct Uploads {
    pub files: std::sync::Arc<dyn FileStore>,
    pub key: Option<UploadKey>,
}

impl Uploads {
    /// Stores a page under a fresh random name (encrypted when a key is configured); returns
    /// the name. The name is listed in [`crate::store::pending_files`] before the file is written:
    /// the transaction that writes the rows naming it must [`adopt`](crate::store::pending_files::adopt) it.
    pub async fn store(&self, db: &crate::store::Db, page: &Page) -> Result<String, Error> {
        let name = format!("{}.jpg", crate::store::new_id());
        crate::store::pending_files::claim(db, &name).await?;
        crate::crash::point("upload:claimed");
        let bytes = match &self.key {
            Some(key) => std::borrow::Cow::Owned(seal(key, &page.jpeg)),
            None => std::borrow::Cow::Borrowed(page.jpeg.as_slice()),
        };
        self.files.put(&name, &bytes).await.map_err(anyhow::Error::from)?;
        crate::crash::point("upload:stored");
        Ok(name)
    }

    /// Reads a stored page back, decrypting it (the name comes from the database, never from
    /// a request).
    pub async fn read(&self, name: &str) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(valid_name(name), "bad stored page name");
        open(self.key.as_ref(), self.files.get(name).await?)
    }

    /// Removes a stored file (account deletion, a failed upload); a missing file is fine.
    pub async fn remove(&self, name: &str) {
        if valid_name(name) {
            if let Err(e) = self.files.delete(name).await {
                tracing::warn!(error = %e, "removing a stored file");
            }
        }
    }
}

/// A name [`store`] could have made: 32 hex characters and `.jpg` (no path, no `..`).
pub fn valid_name(name: &str) -> bool {
    name.strip_suffix(".jpg").is_some_and(|h| h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Removes what a crash can leave behind: scratch copies (decrypted pages being read by OCR,
/// PDF rasters) and half-written `.part` uploads, once older than an hour (so another
/// instance's work in progress is never touched). Returns how many were removed.
pub fn sweep(data_dir: &Path, uploads_dir: &Path) -> usize {
    let old = |p: &Path| {
        std::fs::metadata(p)
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > Duration::from_secs(3600)))
    };
    let mut removed = 0;
    if let Ok(entries) = std::fs::read_dir(data_dir.join("scratch")) {
        for e in entries.flatten() {
            if old(&e.path()) && std::fs::remove_dir_all(e.path()).is_ok() {
                removed += 1;
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(uploads_dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "part") && old(&p) && std::fs::remove_file(&p).is_ok() {
                removed += 1;
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_content() {
        assert_eq!(sniff(&[0xff, 0xd8, 0xff, 0xe0]).unwrap(), Kind::Image(ImageFormat::Jpeg));
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap(), Kind::Pdf);
        assert!(sniff(b"hello, I am text renamed to .jpg").is_err());
        assert!(sniff(b"\0\0\0\x18ftypheic\0\0").is_err());
        assert!(sniff(b"").is_err());
    }

    #[test]
    fn a_sweep_removes_only_old_crash_leftovers() {
        let data = tempfile::tempdir().unwrap();
        let scratch_old = data.path().join("scratch").join("old-job");
        let scratch_new = data.path().join("scratch").join("live-job");
        std::fs::create_dir_all(&scratch_old).unwrap();
        std::fs::create_dir_all(&scratch_new).unwrap();
        let uploads = data.path().join("shared-uploads");
        std::fs::create_dir_all(&uploads).unwrap();
        let part = uploads.join("abc.jpg.part");
        let stored = uploads.join(format!("{}.jpg", "0".repeat(32)));
        for f in [&part, &stored] {
            std::fs::write(f, b"x").unwrap();
        }
        let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
        for p in [&scratch_old, &part, &stored] {
            std::fs::File::open(p).unwrap().set_modified(two_hours_ago).unwrap();
        }
        assert_eq!(sweep(data.path(), &uploads), 2);
        assert!(!scratch_old.exists() && !part.exists());
        assert!(scratch_new.exists(), "work in progress is left alone");
        assert!(stored.exists(), "stored pages are never swept");
    }
}
