//! Optical character recognition behind one small trait, so a deployment can plug in a
//! stronger engine; [`tesseract::Tesseract`] (Debian's packages) is the default.
use std::future::Future;
use std::path::Path;
use std::pin::Pin;

use api::prescriptions::OcrLine;

pub mod preprocess;
pub mod queue;
pub mod tesseract;
pub mod wake;
pub mod worker;

/// What an engine returns for one page, or why it could not.
pub type Recognised<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Vec<OcrLine>>> + Send + 'a>>;

/// An OCR engine: reads the lines of text on one page image (a grayscale PNG on disk).
pub trait OcrEngine: Send + Sync {
    fn recognise<'a>(&'a self, page: &'a Path) -> Recognised<'a>;
}
