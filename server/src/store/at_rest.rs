//! Encryption at rest (AES-256-GCM) with the one key given as `--upload-key`: stored files
//! (prescription pages, feedback photos) and the free-text health columns (the health
//! profile, pharmacist questions and replies). Without a key both are stored as they are;
//! what was stored before a key was set stays readable.

/// A 256-bit key that encrypts stored files and health text at rest (`--upload-key`, 64 hex
/// characters).
#[derive(Clone)]
pub struct UploadKey([u8; 32]);

impl std::fmt::Debug for UploadKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UploadKey(…)") // never printed, not even in `--help` or a panic
    }
}

/// Parses `--upload-key`.
pub fn parse_key(hex_key: &str) -> Result<UploadKey, String> {
    key_bytes(hex_key).map(UploadKey)
}

/// A 256-bit secret given as 64 hex characters (`--upload-key`, `--hash-key`).
pub fn key_bytes(hex_key: &str) -> Result<[u8; 32], String> {
    let bytes = hex::decode(hex_key.trim()).map_err(|_| "64 hex characters (32 bytes)".to_string())?;
    bytes.try_into().map_err(|_| "64 hex characters (32 bytes)".to_string())
}

/// Encrypted files start with this tag, then a 96-bit nonce, then AES-256-GCM ciphertext.
const SEALED: &[u8; 4] = b"PPE1";

/// Encrypted text columns hold this tag, then the sealed bytes after [`SEALED`] in hex. The
/// control character cannot come from a member: request text is refused with one.
pub const SEALED_TEXT: &str = "\u{1}PPE1:";

pub fn seal(key: &UploadKey, plain: &[u8]) -> Vec<u8> {
    use aes_gcm::aead::{Aead, KeyInit};
    let cipher = aes_gcm::Aes256Gcm::new(&key.0.into());
    let nonce: [u8; 12] = rand::random();
    let sealed = cipher.encrypt(&nonce.into(), plain).expect("AES-GCM encrypts any length in memory");
    [SEALED.as_slice(), &nonce, &sealed].concat()
}

pub fn open(key: Option<&UploadKey>, stored: Vec<u8>) -> anyhow::Result<Vec<u8>> {
    use aes_gcm::aead::{Aead, KeyInit};
    let Some(rest) = stored.strip_prefix(SEALED.as_slice()) else {
        return Ok(stored); // written before a key was configured
    };
    let key = key.ok_or_else(|| anyhow::anyhow!("stored data is encrypted and no upload key is configured"))?;
    anyhow::ensure!(rest.len() > 12, "encrypted data is truncated");
    let (nonce, sealed) = rest.split_at(12);
    let nonce: [u8; 12] = nonce.try_into().expect("split at 12");
    aes_gcm::Aes256Gcm::new(&key.0.into())
        .decrypt(&nonce.into(), sealed)
        .map_err(|_| anyhow::anyhow!("stored data fails authentication (wrong key or altered)"))
}

/// Text for a health column: sealed when a key is configured, as it is otherwise.
pub fn seal_text(key: Option<&UploadKey>, plain: &str) -> String {
    match key {
        Some(key) => format!("{SEALED_TEXT}{}", hex::encode(&seal(key, plain.as_bytes())[SEALED.len()..])),
        None => plain.to_string(),
    }
}

/// Reads a health column back (plain text from before a key was set passes through). The
/// export runs every text column through this, so text that merely starts like a sealed value
/// (not hex after the tag) is returned as it is rather than failing the export.
pub fn open_text(key: Option<&UploadKey>, stored: String) -> anyhow::Result<String> {
    let Some(bytes) = stored.strip_prefix(SEALED_TEXT).and_then(|h| hex::decode(h).ok()) else {
        return Ok(stored);
    };
    let plain = open(key, [SEALED.as_slice(), &bytes].concat())?;
    String::from_utf8(plain).map_err(|_| anyhow::anyhow!("decrypted text is not UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_files_open_only_with_their_key() {
        let key = parse_key(&"ab".repeat(32)).unwrap();
        let other = parse_key(&"cd".repeat(32)).unwrap();
        let sealed = seal(&key, b"jpeg bytes");
        assert!(!sealed.windows(10).any(|w| w == b"jpeg bytes"), "ciphertext hides the content");
        assert_eq!(open(Some(&key), sealed.clone()).unwrap(), b"jpeg bytes");
        assert!(open(Some(&other), sealed.clone()).is_err());
        assert!(open(None, sealed).is_err());
        assert_eq!(open(None, b"plain".to_vec()).unwrap(), b"plain", "files from before the key still read");
        assert!(parse_key("abcd").is_err());
        assert_eq!(format!("{key:?}"), "UploadKey(…)");
    }

    #[test]
    fn sealed_text_opens_only_with_its_key_and_old_text_still_reads() {
        let key = parse_key(&"ab".repeat(32)).unwrap();
        let other = parse_key(&"cd".repeat(32)).unwrap();
        let sealed = seal_text(Some(&key), "青霉素过敏");
        assert!(sealed.starts_with(SEALED_TEXT) && !sealed.contains("青霉素"));
        assert_ne!(sealed, seal_text(Some(&key), "青霉素过敏"), "a fresh nonce each time");
        assert_eq!(open_text(Some(&key), sealed.clone()).unwrap(), "青霉素过敏");
        assert!(open_text(Some(&other), sealed.clone()).is_err(), "another key cannot read it");
        assert!(open_text(None, sealed).is_err(), "nor can a server started without the key");
        assert_eq!(open_text(Some(&key), "高血压".into()).unwrap(), "高血压", "text from before the key");
        assert_eq!(seal_text(None, "高血压"), "高血压", "no key: stored as it is");
        let lookalike = format!("{SEALED_TEXT}not hex");
        assert_eq!(open_text(None, lookalike.clone()).unwrap(), lookalike, "only sealed values are opened");
    }
}
