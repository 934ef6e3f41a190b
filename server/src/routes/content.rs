//! Query parameters shared by several screens.
use serde::Deserialize;

/// `?lang=en|zh-CN`
#[derive(Debug, Default, Deserialize)]
pub struct LangQuery {
    pub lang: Option<String>,
}

impl LangQuery {
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("zh-CN")
    }
}
